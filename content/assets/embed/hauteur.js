/* Embedded side, loaded by /integrer/<id>/: tell the page around this frame how tall the
   content is, so the guide's resize.js can fit the frame to it. Only a number is sent;
   nothing from any message is read except a request to send it again. */
(function () {
  "use strict";
  var parent = window.parent;
  if (!parent || parent === window) return;
  var HEIGHT = "guide-reclamations:hauteur";
  var ASK = "guide-reclamations:demande";
  var last = 0;
  var queued = false;

  function height() {
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }

  function send(always) {
    queued = false;
    var h = height();
    if (h > 0 && (always || h !== last)) {
      last = h;
      parent.postMessage({ type: HEIGHT, hauteur: h }, "*");
    }
  }

  // A timer, not requestAnimationFrame: a browser may pause drawing a frame that is out of view.
  function soon() {
    if (!queued) {
      queued = true;
      window.setTimeout(function () { send(false); }, 30);
    }
  }

  if (window.ResizeObserver) {
    new ResizeObserver(soon).observe(document.documentElement);
  }
  window.addEventListener("resize", soon);
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(soon);
  }
  // Late changes in a paused frame (fonts, images) are caught by a few checks after load.
  window.addEventListener("load", function () {
    send(true);
    [300, 1000, 3000].forEach(function (delay) { window.setTimeout(soon, delay); });
  });
  window.addEventListener("message", function (event) {
    if (event.source === parent && event.data && event.data.type === ASK) send(true);
  });
  send(true);
})();
