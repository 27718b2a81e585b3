// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  // "Copy link" is a plain link to the page; with a clipboard it copies instead of navigating.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-copy-link]");
    if (!link || !navigator.clipboard) return;
    event.preventDefault();
    navigator.clipboard.writeText(link.href).then(function () {
      link.textContent = "Link copied";
      link.setAttribute("aria-live", "polite");
    });
  });

  // Following a table-of-contents link opens a closed FAQ entry it points at.
  function openTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // Registration (and /account while the zone is still the default UTC): the time zone starts
  // as the browser's own, when the list has it (without this script the person picks it; the
  // digests come at 08:00 in that zone).
  var zoneForm = document.querySelector("form[data-detect-time-zone]");
  var zoneSelect = zoneForm && zoneForm.querySelector("select[name=time_zone]");
  if (zoneSelect && window.Intl && Intl.DateTimeFormat) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var known = Array.prototype.some.call(zoneSelect.options, function (option) {
      return option.value === zone;
    });
    if (known && zoneSelect.value !== zone) {
      zoneSelect.value = zone;
      // Say so, so that nobody saves a zone they did not see being chosen.
      var note = document.createElement("p");
      note.className = "hint";
      note.setAttribute("data-time-zone-note", "");
      note.textContent = "Set from your browser: " + zoneSelect.options[zoneSelect.selectedIndex].text + ".";
      zoneSelect.insertAdjacentElement("afterend", note);
    }
  }
})();
