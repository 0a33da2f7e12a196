// A table wider than the screen scrolls sideways inside its frame: that frame must be reachable
// with the keyboard and named for screen readers (WCAG 2.1.1). Material does not do it.
(function () {
  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (frame) {
      if (frame.scrollWidth > frame.clientWidth + 1) {
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", "Tableau, à faire défiler sur le côté");
      }
    });
  }
  // After the first paint, not before it: measuring widths forces a layout of the whole page.
  function later() { window.requestAnimationFrame(function () { window.setTimeout(mark, 0); }); }
  document.addEventListener("DOMContentLoaded", later);
  window.addEventListener("resize", later);
})();
