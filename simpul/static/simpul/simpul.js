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
// The button pressed may ask instead of its form (a reset button beside "Simpan").
document.addEventListener("submit", function (event) {
  var asking = (event.submitter && event.submitter.closest("[data-confirm]")) ||
    event.target.closest("[data-confirm]");
  if (asking && !window.confirm(asking.getAttribute("data-confirm"))) event.preventDefault();
}, true);
