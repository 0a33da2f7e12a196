/* The letter tool (/lettres/<id>/ and /integrer/lettres/<id>/): fills the letter as the tenant
   types, computes the dates, prints, copies the text, makes an .ics file. Nothing leaves the
   browser: no request; nothing is stored unless "garder sur cet appareil" is ticked.
   Every typed or data value goes into the page with textContent, never as HTML.
   The date rules are those of macros/letters/deadlines.py (a test compares both). */
(function () {
  "use strict";
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                "octobre", "novembre", "décembre"];
  var STORE = "guide-reclamations:lettres";

  // ---- dates: plain {y, m, d} values, no time zone involved
  function parse(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? { y: +m[1], m: +m[2], d: +m[3] } : null;
  }
  function iso(x) {
    return x.y + "-" + (x.m < 10 ? "0" : "") + x.m + "-" + (x.d < 10 ? "0" : "") + x.d;
  }
  function daysIn(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }
  function fromUTC(t) { var d = new Date(t); return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() }; }
  function plusDays(x, n) { return fromUTC(Date.UTC(x.y, x.m - 1, x.d) + n * 86400000); }
  // Code de procédure civile, art. 641: same day number, else the month's last day; months first, then days.
  function add(x, days, months, years) {
    var total = (x.y + (years || 0)) * 12 + (x.m - 1) + (months || 0);
    var y = Math.floor(total / 12), m = total % 12 + 1;
    return plusDays({ y: y, m: m, d: Math.min(x.d, daysIn(y, m)) }, days || 0);
  }
  function french(x) { return (x.d === 1 ? "1er" : x.d) + " " + MONTHS[x.m - 1] + " " + x.y; }

  function Calendar(holidays) {
    var years = Object.keys(holidays).map(function (k) { return +k.slice(0, 4); });
    this.first = Math.min.apply(null, years);
    this.last = Math.max.apply(null, years);
    this.holidays = holidays;
  }
  Calendar.prototype.known = function (x) { return x.y >= this.first && x.y <= this.last; };
  Calendar.prototype.working = function (x) {
    var day = new Date(Date.UTC(x.y, x.m - 1, x.d)).getUTCDay();
    return day !== 0 && day !== 6 && !Object.prototype.hasOwnProperty.call(this.holidays, iso(x));
  };
  Calendar.prototype.shift = function (x, how) {
    var step = how === "suivant" ? 1 : how === "precedent" ? -1 : 0;
    while (step && !this.working(x)) x = plusDays(x, step);
    return x;
  };
  Calendar.prototype.date = function (rule, start) {
    return this.shift(add(start, rule.jours, rule.mois, rule.ans), rule.decalage);
  };

  // ---- .ics (RFC 5545): CRLF lines folded at 75 octets, one all-day VEVENT per date
  function icsText(value) {
    return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }
  function fold(line) {
    var out = [], current = "", size = 0;
    for (var i = 0; i < line.length; i++) {
      var ch = line[i], code = line.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff) { ch += line[++i]; }
      var bytes = unescape(encodeURIComponent(ch)).length;
      if (size + bytes > (out.length ? 74 : 75)) { out.push(current); current = ""; size = 0; }
      current += ch; size += bytes;
    }
    out.push(current);
    return out.join("\r\n ");
  }
  function ics(events, host, now) {
    var stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Guide des reclamations HLM//Lettres//FR",
                 "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
    events.forEach(function (e) {
      var day = iso(e.date).replace(/-/g, ""), next = iso(plusDays(e.date, 1)).replace(/-/g, "");
      lines.push("BEGIN:VEVENT", "UID:" + e.id + "-" + day + "@" + host, "DTSTAMP:" + stamp,
                 "DTSTART;VALUE=DATE:" + day, "DTEND;VALUE=DATE:" + next,
                 "SUMMARY:" + icsText(e.summary), "DESCRIPTION:" + icsText(e.description),
                 "TRANSP:TRANSPARENT", "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  window.guideLettres = { add: function (s, d, m, y) { return iso(add(parse(s), d, m, y)); },
                          Calendar: Calendar, parse: parse, iso: iso, ics: ics };

  var tool = document.querySelector(".lettre-outil");
  var island = document.getElementById("lettres-donnees");
  if (!tool || !island) return;
  var data = JSON.parse(island.textContent);
  var calendar = new Calendar(data.feries);
  var form = tool.querySelector(".lettre-form");
  var sheet = tool.querySelector(".lettre-feuille");
  var status = tool.querySelector(".lettre-etat");
  var timeline = tool.querySelector(".lettre-frise");
  var keep = form.querySelector("#lettre-garder");
  var otherName = form.querySelector("[data-autre-bailleur]");

  function say(text) { status.textContent = text; }
  function card(id) {
    for (var i = 0; i < data.bailleurs.length; i++) if (data.bailleurs[i].id === id) return data.bailleurs[i];
    return null;
  }
  function value(name) {
    var input = form.elements[name];
    if (!input) return "";
    var raw = input.value.trim();
    if (name === "bailleur") {
      if (raw === "autre") return form.elements.bailleur_nom.value.trim();
      var c = card(raw);
      return c ? c.nom : "";
    }
    if (data.champs[name] && data.champs[name].type === "date") {
      var x = parse(raw);
      return x ? french(x) : "";
    }
    return raw;
  }
  function hint(name) {
    var label = data.champs[name] ? data.champs[name].libelle : name;
    return label.charAt(0).toLowerCase() + label.slice(1);
  }

  function fillLetter() {
    sheet.querySelectorAll("[data-champ]").forEach(function (span) {
      var name = span.getAttribute("data-champ"), text = value(name);
      if (text) {
        span.textContent = text;
        span.classList.remove("vide");
      } else {
        var small = document.createElement("span");
        small.className = "indice";
        small.textContent = hint(name);
        span.replaceChildren(small);
        span.classList.add("vide");
      }
    });
    sheet.querySelectorAll("[data-facultatif]").forEach(function (p) {
      var names = p.getAttribute("data-facultatif").split(" ");
      p.classList.toggle("cache", names.every(function (n) { return !value(n); }));
    });
  }

  function events() {
    var out = [];
    data.delais.forEach(function (rule) {
      var start = parse(form.elements[rule.depuis] ? form.elements[rule.depuis].value : "");
      if (!start) return;
      var day = calendar.date(rule, start);
      out.push({ id: rule.id, date: day, summary: rule.libelle, description: rule.quoi, nature: rule.nature,
                 known: calendar.known(day) });
    });
    return out.sort(function (a, b) { return iso(a.date) < iso(b.date) ? -1 : 1; });
  }

  function drawTimeline() {
    if (!timeline) return;
    var list = events();
    timeline.replaceChildren();
    list.forEach(function (e) {
      var li = document.createElement("li");
      var when = document.createElement("time");
      when.className = "quand";
      when.setAttribute("datetime", iso(e.date));
      when.textContent = french(e.date);
      var kind = document.createElement("span");
      kind.className = "nature nature-" + e.nature;
      kind.textContent = e.nature === "loi" ? "date fixée par la loi" : "conseil";
      var what = document.createElement("strong");
      what.textContent = e.summary;
      var how = document.createElement("span");
      how.textContent = " " + e.description + (e.known ? "" : " (Jours fériés non connus pour cette année : vérifiez la date.)");
      li.append(when, kind, document.createTextNode(" "), what, document.createTextNode("."), how);
      timeline.append(li);
    });
  }

  function saved() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "null"); } catch (e) { return null; }
  }
  function store() {
    if (!keep.checked) return;
    var all = saved() || {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.name && input.name !== "garder") all[input.name] = input.value;
    });
    try { window.localStorage.setItem(STORE, JSON.stringify(all)); } catch (e) { say("Impossible de garder sur cet appareil."); }
  }
  function forget() {
    try { window.localStorage.removeItem(STORE); } catch (e) { /* nothing was kept */ }
  }

  // Where the landlord takes written complaints, when its fiche says so.
  function showChannel() {
    var line = form.querySelector(".lettre-canal");
    if (!line) return;
    var c = card(form.elements.bailleur.value);
    line.hidden = !(c && c.canal);
    line.textContent = c && c.canal ? "Où l'envoyer, d'après le guide : " + c.canal : "";
  }

  function update() {
    if (otherName) otherName.hidden = form.elements.bailleur.value !== "autre";
    showChannel();
    fillLetter();
    drawTimeline();
    store();
  }

  function plainText() {
    var lines = [];
    sheet.querySelectorAll("p").forEach(function (p) {
      if (p.classList.contains("cache")) return;
      var copy = p.cloneNode(true);
      copy.querySelectorAll(".vide").forEach(function (blank) { blank.textContent = "[" + blank.textContent + "]"; });
      copy.querySelectorAll("br").forEach(function (br) { br.replaceWith("\n"); });
      lines.push(copy.textContent.replace(/[ \t]+/g, " ").trim());
    });
    return lines.join("\n\n");
  }

  function copy() {
    var text = plainText();
    var done = function () { say("Le texte de la lettre est copié : collez-le dans votre courriel ou le formulaire du bailleur."); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text, done); });
    } else {
      fallbackCopy(text, done);
    }
  }
  function fallbackCopy(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    if (ok) done(); else say("La copie n'a pas marché : sélectionnez le texte de la lettre et copiez-le.");
  }

  function download() {
    var list = events();
    if (!list.length) { say("Donnez d'abord une date : les dates de la frise se calculent à partir d'elle."); return; }
    var text = ics(list, window.location.hostname || "guide-reclamations", new Date());
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    link.download = "mes-dates-" + data.lettre + ".ics";
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    say(list.length + " date" + (list.length > 1 ? "s" : "") + " dans le fichier mes-dates-" + data.lettre + ".ics, à ouvrir avec votre agenda.");
  }

  function erase() {
    forget();
    form.reset();
    keep.checked = false;
    update();
    say("Tout ce que vous aviez tapé est effacé, sur cette page et sur cet appareil.");
  }

  // Start: show the form, restore what was kept, take the landlord from ?bailleur=…
  form.hidden = false;
  tool.querySelector(".lettre-actions").hidden = false;
  tool.querySelector(".lettre-sansjs").hidden = true;
  var kept = saved();
  if (kept) {
    keep.checked = true;
    Object.keys(kept).forEach(function (name) { if (form.elements[name]) form.elements[name].value = kept[name]; });
  }
  var wanted = new URLSearchParams(window.location.search).get("bailleur");
  if (wanted && card(wanted) && form.elements.bailleur) form.elements.bailleur.value = wanted;
  form.addEventListener("input", update);
  form.addEventListener("change", function (event) {
    if (event.target === form.elements.bailleur) {
      var c = card(event.target.value), address = form.elements.bailleur_adresse;
      if (c && c.adresse && address && !address.value) address.value = c.adresse;
    }
    if (event.target === keep) {
      if (keep.checked) { store(); say("Ce que vous tapez est gardé sur cet appareil, jusqu'à ce que vous l'effaciez."); }
      else { forget(); say("Plus rien n'est gardé sur cet appareil."); }
    }
    update();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  tool.querySelector(".lettre-actions").addEventListener("click", function (event) {
    var action = event.target.closest("button") && event.target.closest("button").getAttribute("data-action");
    if (action === "imprimer") window.print();
    else if (action === "copier") copy();
    else if (action === "ics") download();
    else if (action === "effacer") erase();
  });
  update();
})();
