// Small behaviours of our pages, here rather than in inline handlers (onchange="..."), which
// the Content-Security-Policy forbids. Markup opts in with data attributes.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
// A form that does what cannot be undone asks first: <form data-confirm="Hapus rencana aksi ini?">.
document.addEventListener("submit", function (event) {
  var form = event.target.closest("[data-confirm]");
  if (form && !window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
}, true);
