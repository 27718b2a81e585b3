// Bookmark toggles without a page reload: sends the toggle's own form (with its CSRF token) and
// updates the button. Without this file, or when the request fails, the form is sent as usual.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-bookmark]")) return;
    event.preventDefault();
    var button = form.querySelector("button");
    var wanted = form.querySelector("input[name=bookmarked]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("bookmark failed: " + response.status);
        return response.json();
      })
      .then(function (data) {
        button.setAttribute("aria-pressed", data.bookmarked ? "true" : "false");
        button.querySelector("[data-bookmark-label]").textContent = data.label;
        wanted.value = data.bookmarked ? "0" : "1";
        button.disabled = false;
      })
      .catch(function () {
        form.submit(); // the page reloads, but the bookmark still happens
      });
  });
})();
