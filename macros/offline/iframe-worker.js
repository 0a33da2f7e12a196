/* Web Workers for pages opened from file://, where browsers refuse to start one: the worker's
   script runs in a hidden iframe instead. After iframe-worker (Martin Donath, MIT), which Material
   for MkDocs uses for the same purpose; written again here because that shim puts an inline
   script, different on every page, into the iframe, and the pages' security policy (CSP) lets
   only known scripts run. Here the iframe gets two files of the site and nothing inline. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  var runtime = document.currentScript.src.replace(/[^\/]*$/, "iframe-worker-runtime.js");

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      var iframe = document.createElement("iframe");
      iframe.hidden = true;
      document.body.appendChild(iframe);
      this.iframe = iframe;
      this.onmessage = null;
      // The worker's script comes first: Material's search worker finds its language files from
      // the first script of its page. The runtime gives it postMessage and importScripts before
      // any message arrives (messages wait for the iframe to load).
      var doc = iframe.contentWindow.document;
      doc.open();
      doc.write('<!DOCTYPE html><html><body><script src="' + encodeURI(String(url)) + '"></scr' + 'ipt>' +
                '<script src="' + runtime + '"></scr' + 'ipt></body></html>');
      doc.close();
      this.ready = new Promise(function (resolve) { iframe.contentWindow.addEventListener("load", resolve); });
      var self = this;
      this.listener = function (event) {
        if (event.source !== iframe.contentWindow) return;
        var copy = new MessageEvent("message", {data: event.data});
        self.dispatchEvent(copy);
        if (typeof self.onmessage === "function") self.onmessage(copy);
      };
      window.addEventListener("message", this.listener);
    }

    postMessage(data) {
      var frame = this.iframe.contentWindow;
      this.ready.then(function () {
        frame.dispatchEvent(new frame.MessageEvent("message", {data: structuredClone(data)}));
      });
    }

    terminate() {
      window.removeEventListener("message", this.listener);
      this.iframe.remove();
    }
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
