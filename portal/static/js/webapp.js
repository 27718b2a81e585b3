// The installable app: registers the service worker (portal/templates/webapp/sw.js). Every page
// works without it; with it, visited guides, bookmarks and applications open offline.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var script = document.currentScript;
  var workerUrl = script && script.getAttribute("data-worker");
  var signOutUrl = script && script.getAttribute("data-sign-out");
  if (!workerUrl) return;
  navigator.serviceWorker.register(workerUrl, { scope: "/" }).catch(function () {
    // No worker (a private window may refuse one): the site works as a plain website.
  });

  // Signing out: the worker drops the pages it kept for this person (it also does so as the
  // sign-out request passes, and the response clears the browser's cache).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!signOutUrl || new URL(form.action, location.href).pathname !== signOutUrl) return;
    var worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ type: "signed-out" });
  });
})();
