// A link to something inside a folded section (#butir-I13-L1-02, #tingkat-2) opens the folds
// around it, on arrival and on every in-page jump.
(function () {
  "use strict";
  function unfold() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    if (target) target.scrollIntoView();
  }
  window.addEventListener("hashchange", unfold);
  if (window.location.hash) unfold();
})();
