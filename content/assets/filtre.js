/* Landlords' index: a search field and a territory list over the list grouped by territory.
   Without JavaScript the grouped list stays as it is; this only makes a long list quick to scan.
   Loaded only by the pages that have a [data-filtre-place] (from 10 landlords on). */
(function () {
  "use strict";
  var place = document.querySelector("[data-filtre-place]");
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-territoire]"));
  if (!place || !groups.length) return;

  // Same folding for the list and what is typed: « ete » finds « Été », « oeuvre » « Œuvre ».
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae");
  }
  function words(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(Boolean);
  }

  var items = [];
  groups.forEach(function (group, index) {
    var name = group.getAttribute("data-territoire");
    Array.prototype.slice.call(group.querySelectorAll("li")).forEach(function (li) {
      items.push({li: li, group: index, words: words(name + " " + li.textContent)});
    });
  });

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text) node.textContent = text;
    return node;
  }

  var form = element("form", {"class": "filtre", role: "search", "aria-label": "Filtrer la liste des bailleurs"});
  var nameField = element("div", {"class": "filtre-champ"});
  nameField.appendChild(element("label", {"for": "filtre-nom"}, "Chercher un bailleur"));
  var input = element("input", {id: "filtre-nom", type: "search", autocomplete: "off", spellcheck: "false"});
  nameField.appendChild(input);
  form.appendChild(nameField);

  // One territory only: the list would offer nothing to choose.
  var select = null;
  if (groups.length > 1) {
    var territoryField = element("div", {"class": "filtre-champ"});
    territoryField.appendChild(element("label", {"for": "filtre-territoire"}, "Territoire"));
    select = element("select", {id: "filtre-territoire"});
    select.appendChild(element("option", {value: ""}, "Tous les territoires"));
    groups.forEach(function (group, index) {
      select.appendChild(element("option", {value: String(index)}, group.getAttribute("data-territoire")));
    });
    territoryField.appendChild(select);
    form.appendChild(territoryField);
  }

  var status = element("p", {"class": "filtre-compte", role: "status"});
  form.appendChild(status);

  function countText(shown) {
    if (shown === 0) return "Aucun bailleur trouvé.";
    return shown + (shown > 1 ? " bailleurs affichés" : " bailleur affiché");
  }

  var timer = null;
  function apply() {
    var wanted = words(input.value);
    var territory = select && select.value !== "" ? Number(select.value) : null;
    var shown = 0;
    var groupShown = groups.map(function () { return false; });
    items.forEach(function (item) {
      var match = (territory === null || item.group === territory) && wanted.every(function (w) {
        return item.words.some(function (word) { return word.indexOf(w) === 0; });
      });
      item.li.hidden = !match;
      if (match) {
        shown += 1;
        groupShown[item.group] = true;
      }
    });
    groups.forEach(function (group, index) { group.hidden = !groupShown[index]; });
    // The count is read out once typing pauses, not at every letter.
    clearTimeout(timer);
    timer = setTimeout(function () { status.textContent = countText(shown); }, 400);
  }

  status.textContent = countText(items.length);
  form.addEventListener("submit", function (event) {
    // Enter goes straight to the landlord when only one is left.
    event.preventDefault();
    var left = items.filter(function (item) { return !item.li.hidden; });
    if (left.length === 1) window.location.href = left[0].li.querySelector("a").href;
  });
  input.addEventListener("input", apply);
  if (select) select.addEventListener("change", apply);
  place.appendChild(form);
})();
