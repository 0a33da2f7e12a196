// The partners' form (/contribuer/<id>/): json-editor draws the sheet from its JSON Schema; this
// file maps empty fields to null, finds what changed, asks for each change's source, checks, and
// makes the YAML file that `make import` reads. Text from the data or the partner is only ever
// set with textContent or value, never as HTML. Nothing is sent anywhere.
(function () {
  "use strict";
  var dataNode = document.getElementById("contribuer-donnees");
  if (!dataNode || !window.JSONEditor) return;
  var P = JSON.parse(dataNode.textContent);
  var URL_OK = /^https?:\/\/\S+$/;
  var DATE_OK = /^\d{4}-\d{2}-\d{2}$/;
  var MARKUP = new RegExp(P.refus, "i");  // the same rule as `make import` (macros/contrib/answers.py)
  var DRAFT_KEY = "guide-contribuer-" + P.fiche.id;

  // ---- json-editor, made safe: it strips tags from every typed value by parsing it as HTML in a
  // detached element of the page, where an <img onerror> still runs. Values stay as typed (the page
  // only ever shows them as text), and any text json-editor cleans is parsed in an inert document.
  function inertText(txt) { return new DOMParser().parseFromString(String(txt), "text/html").body.textContent || ""; }
  JSONEditor.AbstractEditor.prototype.purify = function (value) { return value; };
  JSONEditor.AbstractEditor.prototype.cleanText = inertText;
  JSONEditor.AbstractTheme.prototype.cleanText = inertText;

  // ---- json-editor in French ---------------------------------------------------------------
  JSONEditor.defaults.languages.fr = {
    error_notset: "Ce champ doit être rempli.",
    error_notempty: "Ce champ doit être rempli.",
    error_enum: "Choisissez une valeur de la liste.",
    error_type: "Valeur du mauvais type : attendu {{0}}.",
    error_type_union: "Valeur du mauvais type.",
    error_pattern: "La forme n'est pas la bonne (par exemple, une adresse commence par https://).",
    error_minLength: "Au moins {{0}} caractère(s).",
    error_maxLength: "Au plus {{0}} caractères.",
    error_minimum_excl: "Le nombre doit être plus grand que {{0}}.",
    error_minimum_incl: "Le nombre doit être au moins {{0}}.",
    error_maximum_excl: "Le nombre doit être plus petit que {{0}}.",
    error_maximum_incl: "Le nombre doit être au plus {{0}}.",
    error_required: "Le champ « {{0}} » doit être rempli.",
    error_additional_properties: "Le champ « {{0}} » n'existe pas.",
    error_uniqueItems: "Chaque élément doit être différent.",
    error_minItems: "Au moins {{0}} élément(s).",
    error_maxItems: "Au plus {{0}} éléments.",
    button_add_row_title: "Ajouter : {{0}}",
    button_delete_row_title: "Supprimer : {{0}}",
    button_delete_row_title_short: "Supprimer",
    button_collapse: "Replier",
    button_expand: "Déplier",
    default_array_item_title: "élément"
  };
  JSONEditor.defaults.language = "fr";

  // ---- values: empty fields are null in the data, "" in the form ---------------------------
  function guide(schema) { return (schema && schema.options && schema.options.guide) || ""; }
  function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function toForm(value, schema) {
    var kind = guide(schema);
    if (kind === "oui_non") return value === true ? "oui" : value === false ? "non" : "";
    if (kind === "objet_ou_vide") return isObj(value) ? { valeur: String(value.valeur), unite: value.unite } : { valeur: "", unite: "" };
    if (kind === "ou_vide") return value === null || value === undefined ? "" : value;
    if (schema.properties) {
      var out = {};
      Object.keys(schema.properties).forEach(function (k) {
        out[k] = toForm(isObj(value) ? value[k] : undefined, schema.properties[k]);
      });
      return out;
    }
    if (schema.items) return (Array.isArray(value) ? value : []).map(function (v) { return toForm(v, schema.items); });
    return value === undefined ? (schema.type === "boolean" ? false : "") : value;
  }

  function fromForm(value, schema) {
    var kind = guide(schema);
    if (kind === "oui_non") return value === "oui" ? true : value === "non" ? false : null;
    if (kind === "objet_ou_vide") {
      var n = isObj(value) ? Number(String(value.valeur).replace(",", ".")) : NaN;
      return isObj(value) && value.valeur !== "" && value.valeur !== undefined && !isNaN(n) && value.unite
        ? { valeur: n, unite: value.unite } : null;
    }
    if (kind === "ou_vide") return value === "" || value === undefined ? null : value;
    if (schema.properties) {
      var out = {};
      Object.keys(schema.properties).forEach(function (k) { out[k] = fromForm(isObj(value) ? value[k] : undefined, schema.properties[k]); });
      return out;
    }
    if (schema.items) return (Array.isArray(value) ? value : []).map(function (v) { return fromForm(v, schema.items); });
    return value;
  }

  // The changes: a field of an existing element, or a whole new element at the end of a list.
  function diff(before, after, schema, path, out) {
    if (schema.properties && !guide(schema)) {
      Object.keys(schema.properties).forEach(function (k) {
        diff(isObj(before) ? before[k] : undefined, after[k], schema.properties[k], path ? path + "." + k : k, out);
      });
    } else if (schema.items && schema.items.properties) {
      var old = Array.isArray(before) ? before : [];
      after.forEach(function (item, i) {
        var here = path + "[" + i + "]";
        if (i < old.length) diff(old[i], item, schema.items, here, out);
        else out.push({ champ: here, avant: null, valeur: item });
      });
    } else {
      var was = before === undefined ? null : before;
      if (JSON.stringify(was) !== JSON.stringify(after)) out.push({ champ: path, avant: was, valeur: after });
    }
    return out;
  }

  function parsePath(path) {
    var parts = [];
    path.replace(/([^.[\]]+)|\[(\d+)\]/g, function (_, key, index) { parts.push(index !== undefined ? Number(index) : key); });
    return parts;
  }

  // A field's path in words, as the page's lists say it.
  function labelOf(path) {
    var parts = parsePath(path), schema = P.schema, value = current(), words = [];
    parts.forEach(function (part) {
      if (typeof part === "number") {
        schema = schema.items || {};
        value = Array.isArray(value) ? value[part] : undefined;
        var name = isObj(value) && (value.libelle || value.titre || value.niveau);
        words[words.length - 1] = (schema.title || "Élément") + " " + (part + 1) + (name ? " (« " + name + " »)" : "");
      } else {
        schema = (schema.properties || {})[part] || {};
        value = isObj(value) ? value[part] : undefined;
        words.push(schema.title || part);
      }
    });
    return words.join(" › ");
  }

  // ---- the form ----------------------------------------------------------------------------
  var holder = document.getElementById("contribuer-formulaire");
  P.schema.title = "La fiche : " + P.fiche.nom;
  delete P.schema.description;  // written for the people who edit the YAML files; the page says it for partners
  var stepIds = [];
  JSONEditor.defaults.custom_validators.push(function (schema, value, path) {
    // The rules of `make check` the schema cannot say: a passage goes to a known step, step ids are unique.
    var errors = [];
    var m = /^root\.transitions\.\d+\.(de|vers)$/.exec(path);
    if (m && value && stepIds.indexOf(value) === -1) {
      errors.push({ path: path, property: "format", message: "L'étape « " + value + " » n'existe pas. Étapes connues : " + stepIds.join(", ") + "." });
    }
    if (/^root\.etapes\.\d+\.id$/.test(path) && value && stepIds.indexOf(value) !== stepIds.lastIndexOf(value)) {
      errors.push({ path: path, property: "format", message: "Deux étapes ont l'identifiant « " + value + " »." });
    }
    return errors;
  });
  var original = fromForm(toForm(P.valeurs, P.schema), P.schema);
  var draft = null;
  try { draft = JSON.parse(window.localStorage.getItem(DRAFT_KEY) || "null"); } catch (e) { draft = null; }
  var editor = new JSONEditor(holder, {
    schema: P.schema,
    startval: draft && draft.fiche ? draft.fiche : toForm(P.valeurs, P.schema),
    theme: "html",
    form_name_root: "fiche",
    disable_edit_json: true,
    disable_properties: true,
    disable_collapse: true,
    disable_array_delete: true,
    disable_array_delete_all_rows: true,
    disable_array_delete_last_row: true,
    disable_array_reorder: true,
    disable_array_copy: true,
    prompt_before_delete: false,
    show_errors: "interaction",
    required_by_default: false,
    no_additional_properties: true
  });

  function current() { return fromForm(editor.getValue(), P.schema); }
  function refreshStepIds() {
    var v = editor.getValue();
    stepIds = (v.etapes || []).map(function (s) { return s.id; }).filter(Boolean);
  }

  // ---- sources: one block per change or answer ---------------------------------------------
  var sourceBlocks = {};
  var counter = 0;
  function sourceBlock(key, title) {
    if (sourceBlocks[key]) return sourceBlocks[key];
    counter += 1;
    var n = "s" + counter;
    var box = document.createElement("fieldset");
    box.className = "contribuer-source";
    box.dataset.champ = key;
    var legend = document.createElement("legend");
    legend.textContent = "Source : " + title;
    box.appendChild(legend);
    function radio(value, text) {
      var p = document.createElement("p");
      var input = document.createElement("input");
      input.type = "radio"; input.name = n + "-type"; input.value = value; input.id = n + "-" + value;
      var label = document.createElement("label");
      label.htmlFor = input.id; label.textContent = text;
      p.appendChild(input); p.appendChild(label); box.appendChild(p);
      return input;
    }
    function field(name, text, type) {
      var p = document.createElement("p");
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = type; input.id = n + "-" + name; input.dataset.role = name;
      label.htmlFor = input.id; label.textContent = text;
      p.appendChild(label); p.appendChild(input); box.appendChild(p);
      return input;
    }
    var declaration = radio("declaration", "Notre déclaration (l'organisation, le rôle et la date de la partie 1)");
    radio("page", "Une page publique");
    var titre = field("titre", "Titre de la page", "text");
    var url = field("url", "Adresse de la page (https://…)", "url");
    declaration.checked = true;
    // The page's title and address are asked only for a public page.
    function sync() { titre.parentNode.hidden = url.parentNode.hidden = declaration.checked; }
    sync();
    box.addEventListener("change", sync);
    box.addEventListener("change", save);
    box.addEventListener("input", save);
    sourceBlocks[key] = { box: box, titre: titre, url: url, n: n };
    return sourceBlocks[key];
  }
  function sourceOf(key) {
    var b = sourceBlocks[key];
    var page = b.box.querySelector("input[value=page]").checked;
    if (page) return { titre: b.titre.value.trim(), url: b.url.value.trim() };
    return { declaration: who() };
  }
  function who() {
    return { organisation: document.getElementById("qui-organisation").value.trim(),
             role: document.getElementById("qui-role").value.trim(),
             date: document.getElementById("qui-date").value.trim() };
  }

  var questions = Array.prototype.map.call(document.querySelectorAll(".contribuer-question"), function (node) {
    var key = node.dataset.question;
    var q = P.questions.filter(function (x) { return x.champ === key; })[0] || { texte: "", libelle: key };
    var block = sourceBlock("question:" + key, q.libelle);
    node.querySelector(".contribuer-source-ici").appendChild(block.box);
    var area = node.querySelector("textarea");
    area.addEventListener("input", save);
    return { key: key, question: q.texte, area: area };
  });

  var sourcesHolder = document.getElementById("contribuer-sources");
  function changes() { return diff(original, current(), P.schema, "", []); }
  // Blocks already shown stay in the page: a block taken out and put back between the press and
  // the release of a click (the edited field's change fires on that press) would lose the click.
  var nothingYet = document.createElement("p");
  nothingYet.textContent = "Aucun changement pour l'instant.";
  function showSources(list) {
    var wanted = list.map(function (c) { return sourceBlock(c.champ, labelOf(c.champ)).box; });
    if (!wanted.length) wanted = [nothingYet];
    Array.prototype.slice.call(sourcesHolder.childNodes).forEach(function (node) {
      if (wanted.indexOf(node) < 0) sourcesHolder.removeChild(node);
    });
    wanted.forEach(function (node, i) {
      var here = sourcesHolder.childNodes[i] || null;
      if (here !== node) sourcesHolder.insertBefore(node, here);
    });
  }

  // ---- checks ------------------------------------------------------------------------------
  function problems(list, answers) {
    var out = [];
    editor.validate().forEach(function (e) {
      var path = e.path.replace(/^root\.?/, "").replace(/\.(\d+)(?=\.|$)/g, "[$1]");
      out.push((path ? labelOf(path) : "La fiche") + " : " + e.message);
    });
    if (!list.length && !answers.length) out.push("Vous n'avez encore rien changé ni répondu.");
    var w = who();
    if (list.length || answers.length) {
      if (!w.organisation) out.push("Qui répond : l'organisation manque.");
      if (!w.role) out.push("Qui répond : votre rôle manque.");
      if (!DATE_OK.test(w.date)) out.push("Qui répond : la date manque.");
    }
    list.map(function (c) { return [c.champ, labelOf(c.champ)]; }).concat(
      answers.map(function (a) { return ["question:" + a.question, a.libelle]; })).forEach(function (pair) {
      var s = sourceOf(pair[0]);
      if (s.url !== undefined) {
        if (!s.titre) out.push(pair[1] + " : le titre de la page source manque.");
        if (!URL_OK.test(s.url)) out.push(pair[1] + " : l'adresse de la page source doit commencer par https:// (ou http://).");
      }
    });
    // Text the pages would read as code is refused here, as `make import` refuses it.
    function scan(value, where) {
      if (typeof value === "string") {
        var m = MARKUP.exec(value);
        if (m) out.push(where + " : contient « " + value.substr(m.index, 30) + (value.length > m.index + 30 ? "…" : "") + " », que les pages liraient comme du code ; écrivez le texte seul, sans balise HTML, sans lien Markdown, sans adresse javascript:.");
      } else if (value && typeof value === "object") {
        Object.keys(value).forEach(function (k) { scan(value[k], where); });
      }
    }
    scan(w, "Qui répond");
    list.forEach(function (c) { scan(c.valeur, labelOf(c.champ)); scan(sourceOf(c.champ), labelOf(c.champ) + " (source)"); });
    answers.forEach(function (a) { scan(a.reponse, a.libelle); scan(sourceOf("question:" + a.question), a.libelle + " (source)"); });
    return out.filter(function (text, i) { return out.indexOf(text) === i; });
  }

  function answers() {
    return questions.filter(function (q) { return q.area.value.trim(); }).map(function (q) {
      var item = P.questions.filter(function (x) { return x.champ === q.key; })[0];
      return { question: q.key, texte_question: q.question, reponse: q.area.value.trim(), libelle: item ? item.libelle : q.key };
    });
  }

  function showProblems(list) {
    var box = document.getElementById("contribuer-problemes");
    while (box.firstChild) box.removeChild(box.firstChild);
    if (!list.length) return;
    var p = document.createElement("p");
    p.textContent = list.length === 1 ? "Un point à corriger avant de télécharger :" : list.length + " points à corriger avant de télécharger :";
    var ul = document.createElement("ul");
    list.forEach(function (text) { var li = document.createElement("li"); li.textContent = text; ul.appendChild(li); });
    box.appendChild(p); box.appendChild(ul);
  }

  // ---- the file ----------------------------------------------------------------------------
  function y(value) { return JSON.stringify(value); } // JSON is YAML: every value stays plain text
  function yamlSource(s, indent) {
    if (s.url !== undefined) return indent + "source: {titre: " + y(s.titre) + ", url: " + y(s.url) + "}\n";
    return indent + "source: {declaration: {organisation: " + y(s.declaration.organisation) + ", role: " +
      y(s.declaration.role) + ", date: " + y(s.declaration.date) + "}}\n";
  }
  function yamlFile(list, ans) {
    var w = who();
    var text = "# Réponses pour le " + P.guide.charAt(0).toLowerCase() + P.guide.slice(1) + " : fiche " + P.fiche.nom.replace(/\s+/g, " ") + ".\n" +
      "# Fait par le formulaire /contribuer/" + P.fiche.id + "/. " +
      (P.contact ? "Envoyez ce fichier à " + P.contact.replace(/\s+/g, " ") + ".\n" : "Envoyez ce fichier aux personnes qui tiennent le guide.\n") +
      "format: " + y(P.format) + "\n" +
      "fiche: {type: " + y(P.fiche.type) + ", id: " + y(P.fiche.id) + "}\n" +
      "repondu_par: {organisation: " + y(w.organisation) + ", role: " + y(w.role) + ", date: " + y(w.date) + "}\n" +
      "changements:" + (list.length ? "\n" : " []\n");
    list.forEach(function (c) {
      text += "  - champ: " + y(c.champ) + "\n    avant: " + y(c.avant) + "\n    valeur: " + y(c.valeur) + "\n" + yamlSource(sourceOf(c.champ), "    ");
    });
    text += "reponses:" + (ans.length ? "\n" : " []\n");
    ans.forEach(function (a) {
      text += "  - question: " + y(a.question) + "\n    texte_question: " + y(a.texte_question) + "\n    reponse: " + y(a.reponse) + "\n" +
        yamlSource(sourceOf("question:" + a.question), "    ");
    });
    return text;
  }

  function showSummary(list, ans) {
    var section = document.getElementById("contribuer-resume");
    var holderList = document.getElementById("contribuer-resume-liste");
    while (holderList.firstChild) holderList.removeChild(holderList.firstChild);
    var w = who();
    var head = document.createElement("p");
    head.textContent = "Fiche " + P.fiche.nom + ". Réponses de " + (w.organisation || "?") + " (" + (w.role || "?") + "), le " + (w.date || "?") + ".";
    holderList.appendChild(head);
    var ul = document.createElement("ul");
    function text(v) { return v === null ? "(vide)" : typeof v === "string" ? "« " + v + " »" : JSON.stringify(v); }
    function src(s) { return s.url !== undefined ? s.titre + " (" + s.url + ")" : "déclaration de " + s.declaration.organisation; }
    list.forEach(function (c) {
      var li = document.createElement("li");
      li.textContent = labelOf(c.champ) + " : " + text(c.avant) + " → " + text(c.valeur) + ". Source : " + src(sourceOf(c.champ)) + ".";
      ul.appendChild(li);
    });
    ans.forEach(function (a) {
      var li = document.createElement("li");
      li.textContent = a.libelle + " — question : " + a.texte_question + " Réponse : " + a.reponse + ". Source : " + src(sourceOf("question:" + a.question)) + ".";
      ul.appendChild(li);
    });
    holderList.appendChild(ul);
    section.hidden = false;
  }

  function check() {
    var list = changes(), ans = answers();
    showSources(list);
    var found = problems(list, ans);
    showProblems(found);
    return { list: list, ans: ans, problems: found };
  }

  document.getElementById("contribuer-telecharger").addEventListener("click", function () {
    var state = check();
    if (state.problems.length) {
      document.getElementById("contribuer-problemes").focus && document.getElementById("contribuer-problemes").scrollIntoView();
      return;
    }
    var blob = new Blob([yamlFile(state.list, state.ans)], { type: "application/yaml;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "reponses-" + P.fiche.id + "-" + who().date + ".yaml";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    showSummary(state.list, state.ans);
  });
  document.getElementById("contribuer-imprimer").addEventListener("click", function () {
    var state = check();
    showSummary(state.list, state.ans);
    document.body.classList.add("contribuer-resume-seul");
    window.print();
    document.body.classList.remove("contribuer-resume-seul");
  });

  // ---- the draft: only if asked ------------------------------------------------------------
  var keep = document.getElementById("contribuer-garder");
  function save() {
    if (!keep.checked) return;
    var sources = {};
    Object.keys(sourceBlocks).forEach(function (k) {
      var b = sourceBlocks[k];
      sources[k] = { page: b.box.querySelector("input[value=page]").checked, titre: b.titre.value, url: b.url.value };
    });
    var state = { fiche: editor.getValue(), qui: who(), sources: sources,
                  reponses: questions.map(function (q) { return q.area.value; }) };
    try { window.localStorage.setItem(DRAFT_KEY, JSON.stringify(state)); } catch (e) { /* storage full or refused */ }
  }
  keep.addEventListener("change", function () {
    if (keep.checked) save();
    else try { window.localStorage.removeItem(DRAFT_KEY); } catch (e) { /* nothing stored */ }
  });
  document.getElementById("contribuer-effacer").addEventListener("click", function () {
    try { window.localStorage.removeItem(DRAFT_KEY); } catch (e) { /* nothing stored */ }
    keep.checked = false;
    showProblems(["Le brouillon est effacé de cet appareil."]);
  });
  ["qui-organisation", "qui-role", "qui-date"].forEach(function (id) { document.getElementById(id).addEventListener("input", save); });

  // ---- links from the list of gaps to the fields -------------------------------------------
  document.querySelectorAll(".contribuer-manques a[data-champ]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var ed = editor.getEditor("root." + link.dataset.champ.replace(/\[(\d+)\]/g, ".$1"));
      if (!ed || !ed.container) return;
      event.preventDefault();
      ed.container.scrollIntoView({ block: "center" });
      var input = ed.container.querySelector("input, select, textarea, button");
      if (input) input.focus();
    });
  });

  editor.on("ready", function () {
    refreshStepIds();
    if (draft) {
      keep.checked = true;
      var w = draft.qui || {};
      document.getElementById("qui-organisation").value = w.organisation || "";
      document.getElementById("qui-role").value = w.role || "";
      document.getElementById("qui-date").value = w.date || "";
      questions.forEach(function (q, i) { q.area.value = (draft.reponses || [])[i] || ""; });
    }
    var date = document.getElementById("qui-date");
    if (!date.value) date.value = new Date().toISOString().slice(0, 10);
    check();
    if (draft && draft.sources) {
      Object.keys(draft.sources).forEach(function (k) {
        var b = sourceBlocks[k], s = draft.sources[k];
        if (!b) return;
        b.box.querySelector("input[value=" + (s.page ? "page" : "declaration") + "]").checked = true;
        b.titre.value = s.titre || ""; b.url.value = s.url || "";
        b.box.dispatchEvent(new Event("change"));
      });
    }
    editor.on("change", function () { refreshStepIds(); showSources(changes()); save(); });
    holder.setAttribute("data-pret", "");  // the form answers from now on (the tests wait for it)
  });
})();
