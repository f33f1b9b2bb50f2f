// Small behaviours of our pages, here rather than in inline handlers (onchange="..."), which
// the Content-Security-Policy forbids. Markup opts in with data attributes.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
