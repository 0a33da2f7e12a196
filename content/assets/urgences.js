/* « Mon problème est-il urgent ? » : a filter box over the list of questions.
   Without JavaScript the page is a plain list of links; this only makes it quicker to scan. */
(function () {
  "use strict";
  var form = document.querySelector("[data-urg-filtre]");
  var list = document.querySelector("[data-urg-aide]");
  if (!form || !list) return;

  var input = form.querySelector("input");
  var status = form.querySelector("[role=status]");
  var none = document.querySelector("[data-urg-aucun]");
  var links = Array.prototype.slice.call(list.querySelectorAll("a[data-mots]"));
  var sections = Array.prototype.slice.call(list.querySelectorAll(".urg-theme"));

  // Same folding as the build: lower case, no accents, letters and digits only, so « electricite »
  // finds « électricité » and « l'eau » finds « l eau ».
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ");
  }

  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    links.forEach(function (link) {
      var haystack = link.getAttribute("data-mots");
      var match = words.every(function (w) { return haystack.indexOf(w) !== -1; });
      link.closest("li").hidden = !match;
      if (match) shown += 1;
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("li:not([hidden])");
    });
    if (none) none.hidden = shown !== 0;
    if (!words.length) status.textContent = "";
    else if (shown === 0) status.textContent = "Aucun problème trouvé.";
    else status.textContent = shown + (shown > 1 ? " problèmes trouvés." : " problème trouvé.");
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    // Enter goes straight to the answer when only one question is left.
    event.preventDefault();
    var visible = links.filter(function (link) { return !link.closest("li").hidden; });
    if (visible.length === 1) window.location.href = visible[0].href;
  });
  input.addEventListener("input", apply);
})();
