// Warn before leaving a page with unsaved changes (typed into a form that posts).
// A form opts out with data-no-unsaved-warning; sending it (or htmx sending it) is not leaving.
(function () {
  "use strict";
  var dirty = new Set();
  function watched(form) {
    return form && (form.method || "").toLowerCase() === "post" &&
      !form.hasAttribute("data-no-unsaved-warning");
  }
  function typed(event) {
    var field = event.target;
    if (!field || !field.form || field.type === "hidden") return;
    if (field.closest("[data-submit-on-change]")) return;  // submits itself
    if (watched(field.form)) dirty.add(field.form);
  }
  document.addEventListener("input", typed, true);
  document.addEventListener("change", typed, true);
  document.addEventListener("submit", function (event) { dirty.delete(event.target); }, true);
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target && event.target.closest && event.target.closest("form");
    if (form) dirty.delete(form);
  });
  window.addEventListener("beforeunload", function (event) {
    dirty.forEach(function (form) { if (!form.isConnected) dirty.delete(form); });
    if (dirty.size) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
