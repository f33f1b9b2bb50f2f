// The answer form keeps what is typed in this browser (localStorage) until it is saved.
// Pressing save while the link is down keeps the text, says so, and sends it when the link
// returns, with the version the text was based on: the server's conflict check still refuses
// a stale save. A kept draft is offered back when the page is opened again. The texts come
// from data attributes of #draf-status (translated by the server).
(function () {
  "use strict";
  var form = document.querySelector("form[data-answer-draft]");
  var status = document.getElementById("draf-status");
  if (!form || !status || !window.localStorage) return;
  var prefix = "simpul-jawaban-" + form.getAttribute("data-answer-draft") + "-";
  var versionField = form.querySelector("input[name='version']");
  var FIELDS = ["self_level", "fact", "analysis"];
  var sending = false;

  function text(name) { return status.getAttribute("data-" + name) || ""; }
  function say(message, role) {
    status.hidden = false;
    status.textContent = message;
    status.setAttribute("role", role || "status");
  }

  function values() {
    var out = {};
    FIELDS.forEach(function (name) {
      var fields = form.querySelectorAll("[name='" + name + "']");
      fields.forEach(function (field) {
        if (field.type === "radio") { if (field.checked) out[name] = field.value; }
        else out[name] = field.value;
      });
      if (!(name in out)) out[name] = "";
    });
    return out;
  }
  function fill(kept) {
    FIELDS.forEach(function (name) {
      form.querySelectorAll("[name='" + name + "']").forEach(function (field) {
        if (field.type === "radio") field.checked = field.value === (kept[name] || "");
        else field.value = kept[name] || "";
      });
    });
  }
  function same(a, b) {
    return FIELDS.every(function (name) { return (a[name] || "") === (b[name] || ""); });
  }

  // One draft per answer; its key carries the version the text was based on.
  function keptKey() {
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key && key.indexOf(prefix) === 0) return key;
    }
    return null;
  }
  function kept() {
    var key = keptKey();
    if (!key) return null;
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }
  function clear() {
    var key;
    while ((key = keptKey())) localStorage.removeItem(key);
  }
  function keep(pending) {
    var draft = kept();
    // The version the text on the screen is based on (a restored draft sets its own).
    var version = versionField.value;
    clear();
    try {
      localStorage.setItem(prefix + version, JSON.stringify({
        version: version, fields: values(), pending: pending || (draft && draft.pending) || null,
      }));
    } catch (e) { /* storage full or refused: the unsaved-changes warning still guards */ }
  }

  // Tell unsaved.js (and ourselves) that the form holds text not saved yet.
  function touched() {
    var field = form.querySelector("textarea[name='fact']") || form.querySelector("textarea");
    if (field) field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  var onServer = values();
  var draft = kept();
  // A bound form is one sent back (a conflict, an error): it shows the text sent, and the
  // draft stays until it is saved. An unbound form shows what is saved now.
  var bound = form.hasAttribute("data-bound");
  if (draft && same(draft.fields, onServer)) {
    if (!bound) clear();  // what was kept is what the server now has: it was saved
    draft = null;
  }
  if (draft) {
    status.hidden = false;
    status.setAttribute("role", "status");
    status.className = "notice draft-offer";
    status.textContent = text("found") + " ";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn secondary";
    restore.textContent = text("restore");
    var drop = document.createElement("button");
    drop.type = "button";
    drop.className = "link";
    drop.textContent = text("drop");
    status.appendChild(restore);
    status.appendChild(drop);
    var offered = draft;
    restore.addEventListener("click", function () {
      fill(offered.fields);
      // The version the text was based on: saving it over a newer answer is a conflict.
      versionField.value = offered.version;
      touched();
      say(text("restored"));
    });
    drop.addEventListener("click", function () { clear(); status.hidden = true; });
  }

  form.addEventListener("input", function (event) {
    if (event.target && FIELDS.indexOf(event.target.name) >= 0) keep(null);
  });
  form.addEventListener("change", function (event) {
    if (event.target && FIELDS.indexOf(event.target.name) >= 0) keep(null);
  });

  form.addEventListener("submit", function (event) {
    if (sending) return;
    if (navigator.onLine) return;  // the browser sends it; the draft is cleared once saved
    event.preventDefault();
    var submitter = event.submitter;
    keep(submitter && submitter.id ? submitter.id : "simpan");
    // Not sent: leaving the page still warns (unsaved.js forgot the form on "submit").
    touched();
    say(text("offline"), "alert");
  });

  function sendKept() {
    var draft = kept();
    if (!draft || !draft.pending) return;
    fill(draft.fields);
    versionField.value = draft.version;
    var submitter = document.getElementById(draft.pending) || document.getElementById("simpan");
    say(text("sending"));
    sending = true;
    form.requestSubmit(submitter);
  }
  window.addEventListener("online", sendKept);
  window.addEventListener("offline", function () { say(text("down"), "alert"); });
})();
