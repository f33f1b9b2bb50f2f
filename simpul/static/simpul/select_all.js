// "Pilih semua": a checkbox with data-select-all="<name>" ticks or clears every checkbox of that
// name in its form, and shows "some" when only part is ticked. Without JavaScript it stays
// hidden and each row is ticked by hand. An element with data-selected-count="<name>" shows
// how many are ticked.
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var name = all.getAttribute("data-select-all");
    var form = all.form || all.closest("form");
    if (!form) return;
    var boxes = function () {
      return Array.prototype.slice.call(
        form.querySelectorAll("input[type='checkbox'][name='" + name + "']"));
    };
    var counts = document.querySelectorAll("[data-selected-count='" + name + "']");
    function show() {
      var list = boxes();
      var ticked = list.filter(function (box) { return box.checked; }).length;
      all.checked = list.length > 0 && ticked === list.length;
      all.indeterminate = ticked > 0 && ticked < list.length;
      counts.forEach(function (out) {
        out.textContent = (out.getAttribute("data-template") || "{n}").replace("{n}", ticked);
        out.hidden = false;
      });
    }
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      show();
    });
    form.addEventListener("change", function (event) {
      if (event.target !== all && event.target.name === name) show();
    });
    // Shown only with this script: the box and every hidden wrapper up to its form.
    for (var el = all; el && el !== form; el = el.parentElement) el.hidden = false;
    show();
  });
})();
