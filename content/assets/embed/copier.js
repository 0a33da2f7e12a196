/* « Intégrer cette page à votre site »: show the copy buttons only where the browser can
   copy; without them the code stays plain text to select. */
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copier]"), function (button) {
    var code = document.getElementById(button.getAttribute("data-copier"));
    var status = button.parentNode.querySelector("[role=status]");
    if (!code) return;
    function say(text) {
      if (status) status.textContent = text;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.textContent).then(
        function () { say("Copié. Collez-le dans votre page."); },
        function () { say("La copie n'a pas marché : sélectionnez le texte et copiez-le."); }
      );
    });
  });
})();
