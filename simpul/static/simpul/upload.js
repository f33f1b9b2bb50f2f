// Evidence file forms marked data-resumable="<session url>": the file goes up in chunks with a
// progress bar, a percentage and a cancel button; the send button is disabled meanwhile. After
// a dropped connection the browser asks the server how much it has and continues from there
// (also after a page reload, when the same file is chosen again). Protocol: docs/evidence.md.
// Without JavaScript (or without fetch/Blob.slice) the form posts the file as it always did.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData || !window.Blob || !Blob.prototype.slice) return;

  var MAX_ATTEMPTS = 8;        // consecutive failures before giving up
  var MAX_BACKOFF = 30000;     // ms

  function text(box, name, values) {
    var s = box.getAttribute("data-text-" + name) || "";
    Object.keys(values || {}).forEach(function (key) { s = s.replace("%(" + key + ")s", values[key]); });
    return s;
  }

  function csrf(form) {
    var field = form.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function fileKey(file) {
    return [file.name, file.size, file.lastModified || 0].join(":");
  }

  function wait(ms, state) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(resolve, ms);
      state.onCancel = function () { clearTimeout(timer); reject(cancelled()); };
    });
  }

  function cancelled() { var e = new Error("cancelled"); e.cancelled = true; return e; }
  function refused(message) { var e = new Error(message); e.refused = true; return e; }

  function json(response) {
    return response.json().catch(function () { return {}; });
  }

  function startSession(form, file) {
    var body = new URLSearchParams();
    body.append("name", file.name);
    body.append("size", String(file.size));
    body.append("key", fileKey(file));
    return fetch(form.getAttribute("data-resumable"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(form), "Accept": "application/json" }
    }).then(function (response) {
      return json(response).then(function (data) {
        if (!response.ok) throw refused(data.error || response.statusText);
        return data;
      });
    });
  }

  function askOffset(form, session) {
    return fetch(session.url, {
      credentials: "same-origin", headers: { "Accept": "application/json" }, cache: "no-store"
    }).then(function (response) {
      return json(response).then(function (data) {
        if (response.status === 404) throw refused(data.error || response.statusText);
        if (!response.ok) throw new Error(response.statusText);
        return data.offset;
      });
    });
  }

  // One chunk by XMLHttpRequest (fetch cannot report upload progress). Resolves with the
  // offset the server now has; rejects with .refused for an answer that retrying cannot fix.
  function sendChunk(form, session, file, offset, state, progress) {
    return new Promise(function (resolve, reject) {
      var end = Math.min(offset + session.chunk_size, file.size);
      var xhr = new XMLHttpRequest();
      state.xhr = xhr;
      xhr.open("POST", session.url);
      xhr.setRequestHeader("X-CSRFToken", csrf(form));
      xhr.setRequestHeader("Upload-Offset", String(offset));
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (event) { progress(offset + event.loaded); };
      xhr.onload = function () {
        var data = {};
        try { data = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
        if (xhr.status === 200 || xhr.status === 409) resolve(data.offset);
        else if (xhr.status >= 400 && xhr.status < 500) reject(refused(data.error || xhr.statusText));
        else reject(new Error(xhr.statusText || "HTTP " + xhr.status));
      };
      xhr.onerror = xhr.ontimeout = function () { reject(new Error("network")); };
      xhr.onabort = function () { reject(cancelled()); };
      xhr.send(file.slice(offset, end));
    });
  }

  function Upload(form) {
    this.form = form;
    this.box = form.querySelector("[data-upload-progress]");
    this.bar = this.box.querySelector("progress");
    this.percent = this.box.querySelector("[data-upload-percent]");
    this.status = this.box.querySelector("[data-upload-status]");
    this.cancelButton = this.box.querySelector("[data-upload-cancel]");
    this.state = null;
    form.addEventListener("submit", this.submit.bind(this));
    this.cancelButton.addEventListener("click", this.cancel.bind(this));
    if (form.querySelector("[data-upload-received]")) {
      var input = this.input();
      if (input) input.required = false;
    }
  }

  Upload.prototype.input = function () { return this.form.querySelector("input[type=file]"); };

  Upload.prototype.buttons = function () {
    return Array.prototype.filter.call(this.form.querySelectorAll("button, input[type=submit]"),
      function (b) { return !b.hasAttribute("data-upload-cancel") && b.type !== "button"; });
  };

  Upload.prototype.busy = function (on) {
    this.buttons().forEach(function (b) { b.disabled = on; });
    var input = this.input();
    if (input) input.disabled = on;
    this.cancelButton.hidden = !on;
    this.form.setAttribute("aria-busy", on ? "true" : "false");
  };

  Upload.prototype.meter = function (on) {
    this.bar.hidden = !on;
    this.percent.hidden = !on;
  };

  Upload.prototype.show = function (done, total) {
    var p = total ? Math.floor(done * 100 / total) : 100;
    if (done < total && p === 100) p = 99;  // 100 % only when every byte is in
    this.bar.value = p;
    this.percent.textContent = p + "%";
  };

  Upload.prototype.say = function (message, bad) {
    this.status.textContent = message;
    this.status.classList.toggle("upload-error", !!bad);
  };

  Upload.prototype.submit = function (event) {
    var input = this.input();
    var file = input && input.files && input.files[0];
    if (this.state) { event.preventDefault(); return; }  // already sending (Enter pressed)
    if (!file) return;   // no file chosen: the plain post (or the already received file)
    event.preventDefault();
    var self = this;
    var state = this.state = { cancelled: false, xhr: null, onCancel: null, session: null };
    this.box.hidden = false;
    this.meter(true);
    this.busy(true);
    this.show(0, file.size);
    this.say(text(this.box, "sending"));
    startSession(this.form, file).then(function (session) {
      state.session = session;
      if (session.offset > 0) {
        self.say(text(self.box, "resumed", { p: Math.floor(session.offset * 100 / file.size) + "%" }));
      }
      return self.sendAll(file, session, state);
    }).then(function () {
      self.show(file.size, file.size);
      self.say(text(self.box, "saving"));
      return self.finish(file, state.session);
    }).catch(function (error) {
      self.state = null;
      self.busy(false);
      if (error.cancelled) {
        self.meter(false);  // only the message stays
        self.say(text(self.box, "cancelled"));
        return;
      }
      if (error.refused) self.say(text(self.box, "failed") + " " + error.message, true);
      else self.say(text(self.box, "offline"), true);
    });
  };

  Upload.prototype.sendAll = function (file, session, state) {
    var self = this;
    var offset = session.offset;
    var failures = 0;
    var progress = function (done) { self.show(done, file.size); };
    function next() {
      if (state.cancelled) throw cancelled();
      if (offset >= file.size) return null;
      return sendChunk(self.form, session, file, offset, state, progress).then(function (now) {
        failures = 0;
        offset = now;
        progress(offset);
        self.say(text(self.box, "sending"));
        return next();
      }, function (error) {
        if (error.cancelled || error.refused) throw error;
        failures += 1;
        if (failures >= MAX_ATTEMPTS) throw error;
        var delay = Math.min(1000 * Math.pow(2, failures - 1), MAX_BACKOFF);
        self.say(text(self.box, "retrying", { s: Math.round(delay / 1000) }));
        return wait(delay, state).then(function () {
          return askOffset(self.form, session).then(function (now) {
            offset = now;
            progress(offset);
          }, function (askError) {
            if (askError.refused) throw askError;
          });
        }).then(next);
      });
    }
    return Promise.resolve().then(next);
  };

  // The form itself, with the session in the place of the file: the server checks and saves
  // it exactly as a one-shot upload, answering where to go next (or the form with errors).
  Upload.prototype.finish = function (file, session) {
    var form = this.form;
    var data = new FormData(form);
    var input = this.input();
    data.delete(input.name);
    data.delete("sesi");
    data.append("sesi", String(session.id));
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(form), "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== -1) {
        return response.json().then(function (answer) { window.location.assign(answer.location); });
      }
      return response.text().then(function (html) { replaceMain(html); });
    });
  };

  Upload.prototype.cancel = function () {
    var state = this.state;
    if (!state) return;
    state.cancelled = true;
    if (state.xhr) state.xhr.abort();
    if (state.onCancel) state.onCancel();
    if (state.session) {
      fetch(state.session.url, {
        method: "DELETE", credentials: "same-origin", headers: { "X-CSRFToken": csrf(this.form) }
      }).catch(function () { /* expires on its own */ });
    }
  };

  // A refused form comes back as a page: show it in place of this one's content.
  function replaceMain(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.querySelector("main");
    var current = document.querySelector("main");
    if (!fresh || !current) { document.open(); document.write(html); document.close(); return; }
    current.replaceWith(fresh);
    document.title = page.title;
    init(fresh);
    var alert = fresh.querySelector("[role=alert]");
    if (alert && alert.scrollIntoView) alert.scrollIntoView({ block: "center" });
  }

  function init(root) {
    Array.prototype.forEach.call(root.querySelectorAll("form[data-resumable]"), function (form) {
      if (!form.__upload && form.querySelector("[data-upload-progress]")) form.__upload = new Upload(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
