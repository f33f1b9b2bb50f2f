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
// Tables become cards on a phone (the CSS of table.cards): every body cell gets its column's
// header as data-label, shown before it. <table data-keep-table> (wide grids) keeps its rows
// and scrolls inside .table-wrap, as every table does without this script. The ARIA roles keep
// the table a table for screen readers once the CSS displays its parts as blocks.
function cardTables(root) {
  root.querySelectorAll("table").forEach(function (table) {
    if (table.hasAttribute("data-keep-table")) return;
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return;
    var labels = [];
    Array.prototype.forEach.call(head.cells, function (cell) {
      for (var i = 0; i < cell.colSpan; i++) labels.push(cell.textContent.replace(/\s+/g, " ").trim());
    });
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll(":scope > thead, :scope > tbody, :scope > tfoot"),
      function (group) { group.setAttribute("role", "rowgroup"); });
    Array.prototype.forEach.call(head.cells, function (cell) { cell.setAttribute("role", "columnheader"); });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      if (row.parentNode === table.tHead) return;
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var label = labels[column];
        cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
        if (label && cell.colSpan < labels.length) cell.setAttribute("data-label", label);
        column += cell.colSpan;
      });
    });
    table.classList.add("cards");
  });
}
// A table that still scrolls sideways can be scrolled with the keyboard: its wrapper takes the
// focus, named after the table (WCAG 2.1.1; axe's scrollable-region-focusable). Checked again
// whenever the wrapper's size changes (a turned phone, a late stylesheet).
function focusable(wrap) {
  if (wrap.scrollWidth > wrap.clientWidth || wrap.scrollHeight > wrap.clientHeight) {
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    if (!wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", regionName(wrap));
  } else if (wrap.getAttribute("role") === "region") {
    wrap.removeAttribute("tabindex");
    wrap.removeAttribute("role");
  }
}
var watching = window.ResizeObserver && new ResizeObserver(function (entries) {
  entries.forEach(function (entry) { focusable(entry.target); });
});
function focusableScrolling(root) {
  root.querySelectorAll(".table-wrap").forEach(function (wrap) {
    focusable(wrap);
    if (watching) watching.observe(wrap);
  });
}
// The table's caption, else the nearest heading before it, else the page's title.
function regionName(wrap) {
  var caption = wrap.querySelector("caption");
  if (caption) return caption.textContent.trim();
  for (var el = wrap.previousElementSibling; el; el = el.previousElementSibling)
    if (/^H[1-6]$/.test(el.tagName)) return el.textContent.trim();
  return document.title;
}
// An SVG chart whose tiles are links is a group of links, not one image (nested-interactive).
function chartRoles(root) {
  root.querySelectorAll("svg[role=img]").forEach(function (svg) {
    if (svg.querySelector("a")) svg.setAttribute("role", "group");
  });
}
function enhance(root) {
  cardTables(root);
  chartRoles(root);
  focusableScrolling(root);
}
enhance(document);
// Again after htmx swaps in rows or a fragment (the whole page: a swapped row has no <thead>).
document.addEventListener("htmx:afterSwap", function () { enhance(document); });
window.addEventListener("load", function () { focusableScrolling(document); });
