/* The complaints guide: fit the guide's iframes to their content.
   Add it once to a page that embeds /integrer/<id>/ frames. Dependency-free.
   It accepts messages only from the origin this script was loaded from, reads only a
   finite positive number from them, and never inserts or runs anything they contain. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || !window.URL || !window.postMessage) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var HEIGHT = "guide-reclamations:hauteur";
  var ASK = "guide-reclamations:demande";

  function fromGuide(frame) {
    try {
      return new URL(frame.src, document.baseURI).origin === origin;
    } catch (error) {
      return false;
    }
  }

  function guideFrames() {
    return Array.prototype.filter.call(document.getElementsByTagName("iframe"), fromGuide);
  }

  function ask(frame) {
    if (frame.contentWindow) frame.contentWindow.postMessage({ type: ASK }, origin);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== HEIGHT) return;
    var h = data.hauteur;
    if (typeof h !== "number" || !isFinite(h) || h <= 0) return;
    guideFrames().forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = Math.ceil(h) + "px";
    });
  });

  // A browser may pause frames out of view: after a width change, ask them, twice for slow ones.
  var timers = [];
  window.addEventListener("resize", function () {
    timers.forEach(clearTimeout);
    timers = [150, 1000].map(function (delay) {
      return setTimeout(function () { guideFrames().forEach(ask); }, delay);
    });
  });

  // Frames that loaded before this script already sent their height: ask them again.
  function start() {
    guideFrames().forEach(function (frame) {
      frame.addEventListener("load", function () { ask(frame); });
      ask(frame);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
