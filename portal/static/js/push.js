// /alerts: turns job alert notifications on and off on this device (the section is in
// portal/templates/alerts/_push.html; the service worker shows the notifications).
(function () {
  "use strict";
  var section = document.querySelector("[data-push]");
  if (!section) return;
  var status = section.querySelector("[data-push-status]");
  var controls = section.querySelector("[data-push-controls]");
  var onButton = section.querySelector("[data-push-on]");
  var offButton = section.querySelector("[data-push-off]");

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    status.textContent = "This browser cannot show notifications from websites.";
    return;
  }

  function keyBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": section.dataset.csrf },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || "The server refused.");
        return data;
      });
    });
  }

  function show(subscribed, message) {
    onButton.hidden = subscribed;
    offButton.hidden = !subscribed;
    if (message) status.textContent = message;
  }

  navigator.serviceWorker.ready.then(function (registration) {
    controls.hidden = false;
    registration.pushManager.getSubscription().then(function (subscription) {
      show(Boolean(subscription));
    });

    onButton.addEventListener("click", function () {
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") {
          throw new Error("Notifications are blocked for this site in the browser's settings.");
        }
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(section.dataset.key),
        });
      }).then(function (subscription) {
        return post(section.dataset.subscribe, subscription.toJSON());
      }).then(function () {
        show(true, "Notifications are on for this device.");
      }).catch(function (error) {
        show(false, "Notifications could not be turned on: " + error.message);
      });
    });

    offButton.addEventListener("click", function () {
      registration.pushManager.getSubscription().then(function (subscription) {
        if (!subscription) return null;
        return post(section.dataset.unsubscribe, { endpoint: subscription.endpoint })
          .then(function () { return subscription.unsubscribe(); });
      }).then(function () {
        show(false, "Notifications are off for this device.");
      }).catch(function (error) {
        status.textContent = "Notifications could not be turned off: " + error.message;
      });
    });
  });
})();
