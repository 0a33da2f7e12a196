/* Inside the iframe of iframe-worker.js: what a worker's scope has and a window has not. */
(function () {
  "use strict";
  // A worker posts to the page that made it.
  window.postMessage = function (message) { parent.postMessage(message, "*"); };
  // A worker loads scripts with importScripts; here they are script elements, in order. It returns
  // a promise (a window cannot wait), which Material's search worker waits for.
  window.importScripts = function () {
    var urls = Array.prototype.slice.call(arguments);
    return urls.reduce(function (done, url) {
      return done.then(function () {
        return new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = url;
          script.onload = resolve;
          script.onerror = function () { reject(new Error("script introuvable : " + url)); };
          document.body.appendChild(script);
        });
      });
    }, Promise.resolve());
  };
})();
