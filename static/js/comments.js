/* 网友评论: everything per visitor under a (possibly cached) article: the fresh list and count,
   the captcha, CSRF and one-time form tokens, posting in place, 举报. Without JavaScript the
   article links to the comment page, which works with plain form posts. */
(function () {
  "use strict";
  var MAX = 500;

  function $(root, selector) { return root.querySelector(selector); }

  function getJSON(url, headers) {
    return fetch(url, { credentials: "same-origin", headers: headers || { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.json(); });
  }

  function setText(el, text) { if (el) el.textContent = text || ""; }

  /* 验证码: a new key and image from django-simple-captcha's refresh endpoint. */
  function Captcha(form) {
    this.form = form;
    this.key = $(form, "[data-captcha-key]");
    this.input = $(form, "[data-captcha-input]");
    this.image = $(form, "[data-captcha-image]");
    this.large = $(form, "[data-captcha-image-large]");
    this.audioLink = $(form, "[data-captcha-audio]");
    this.largeLink = $(form, "[data-captcha-large]");
    this.placeholder = $(form, "[data-captcha-placeholder]");
    this.loading = null;
    var self = this;
    var refresh = $(form, "[data-captcha-refresh]");
    if (refresh) {
      refresh.addEventListener("click", function (e) {
        e.preventDefault();
        // The first press only shows the captcha the focus already asked for.
        (self.key.value ? self.refresh() : self.ensure()).then(function () { self.input.value = ""; self.input.focus(); });
      });
    }
    if (this.audioLink) {
      this.audioLink.addEventListener("click", function (e) {
        if (!self.key.value || !window.Audio) return;
        e.preventDefault();
        var audio = new Audio(self.audioLink.href);
        audio.play().catch(function () { window.location.href = self.audioLink.href; });
      });
    }
    if (this.largeLink && this.large) {
      this.largeLink.setAttribute("role", "button");
      this.largeLink.setAttribute("aria-expanded", "false");
      this.largeLink.addEventListener("click", function (e) {
        if (!self.key.value) return;
        e.preventDefault();
        var show = self.large.hidden;
        self.large.src = self.largeLink.href;
        self.large.hidden = !show;
        self.largeLink.setAttribute("aria-expanded", show ? "true" : "false");
        self.largeLink.textContent = show ? "收起大图" : "看大图";
      });
    }
  }
  Captcha.prototype.apply = function (data) {
    var key = data.key;
    this.key.value = key;
    this.image.src = data.image_url;
    this.image.hidden = false;
    if (this.placeholder) this.placeholder.hidden = true;
    if (this.audioLink) this.audioLink.href = "/captcha/audio-zh/" + key + ".wav";
    if (this.largeLink) this.largeLink.href = "/captcha/image/" + key + "@2/";
    if (this.large && !this.large.hidden) this.large.src = this.largeLink.href;
  };
  Captcha.prototype.refresh = function () {
    var self = this;
    this.loading = getJSON("/captcha/refresh/", { "X-Requested-With": "XMLHttpRequest" })
      .then(function (data) { self.apply(data); })
      .catch(function () { /* the visitor can press 换一张 again */ });
    return this.loading;
  };
  Captcha.prototype.ensure = function () {
    return this.key.value ? Promise.resolve() : (this.loading || this.refresh());
  };

  function initCounter(form) {
    var text = $(form, "[data-comment-text]");
    var counter = $(form, "[data-char-counter]");
    if (!text || !counter) return function () {};
    counter.setAttribute("aria-live", "polite");
    function update() {
      var n = text.value.replace(/\r\n/g, "\n").length;
      counter.textContent = n > MAX ? "已超出 " + (n - MAX) + " 字，最多 " + MAX + " 字"
                                    : "已输入 " + n + " 字，还可输入 " + (MAX - n) + " 字";
      counter.classList.toggle("over", n > MAX);
    }
    text.addEventListener("input", update);
    update();
    return update;
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-errors-for]").forEach(function (el) { el.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
  }

  function showErrors(form, message, errors) {
    var top = $(form, '[data-errors-for="__all__"]');
    var lines = [];
    Object.keys(errors || {}).forEach(function (name) {
      var messages = errors[name].map(function (e) { return e.message; });
      var slot = $(form, '[data-errors-for="' + name + '"]');
      if (slot && name !== "__all__") {
        slot.textContent = messages.join(" ");
        var field = form.querySelector('[name="' + name + '"]');
        if (field) field.setAttribute("aria-invalid", "true");
      } else {
        lines = lines.concat(messages);
      }
    });
    setText(top, [message].concat(lines).filter(Boolean).join(" "));
  }

  /* The comment area under an article. */
  function initArea(area) {
    var stateUrl = area.getAttribute("data-state-url");
    var form = $(area, "[data-comment-form]");
    var state = { csrf: "", formToken: "" };
    var captcha = form ? new Captcha(form) : null;

    function loadState(pageNumber) {
      return getJSON(stateUrl + (pageNumber ? "?page=" + pageNumber : "")).then(function (data) {
        if (!data.ok) return;
        setText(area.querySelector("[data-comment-count]"), String(data.count));
        var list = $(area, "[data-comment-list]");
        if (list) list.innerHTML = data.html;
        state.csrf = data.csrf_token;
        state.formToken = data.form_token;
        if (form) {
          $(form, "[data-form-token]").value = data.form_token;
          if (!data.open) {
            var closed = document.createElement("p");
            closed.className = "comments-closed";
            closed.textContent = "本文暂不开放评论";
            form.replaceWith(closed);
            form = null;
          }
        }
      });
    }
    var ready = loadState().catch(function () { /* the server-rendered list stays */ });

    if (!form) return;
    var update = initCounter(form);
    // The captcha (a CaptchaStore row) is made only when the visitor starts to use the form:
    // focus in any field (the textarea, the captcha input, 换一张, the links) or a click or tap
    // on it. Merely reading or scrolling past the article creates none (issue 12.13).
    form.addEventListener("focusin", function () { captcha.ensure(); });
    form.addEventListener("pointerdown", function () { captcha.ensure(); });

    var submit = $(form, "[data-comment-submit]");
    var status = $(form, "[data-form-status]");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearErrors(form);
      setText(status, "");
      submit.disabled = true;
      Promise.all([ready, captcha.ensure()]).then(function () {
        return fetch(form.action, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": state.csrf, "X-Requested-With": "fetch", "Accept": "application/json" },
          body: new FormData(form)
        });
      }).then(function (response) {
        return response.json().catch(function () { return { ok: false, message: "提交失败（" + response.status + "），请稍后重试。" }; });
      }).then(function (data) {
        if (data.ok) {
          setText(status, data.message);
          $(form, "[data-comment-text]").value = "";
          update();
          if (data.form_token) $(form, "[data-form-token]").value = data.form_token;
        } else {
          showErrors(form, data.message, data.errors);
          var firstInvalid = form.querySelector('[aria-invalid="true"]');
          if (firstInvalid) firstInvalid.focus();
          if (!state.csrf || /安全校验/.test(data.message || "")) ready = loadState();
        }
        // A captcha is good for one try, right or wrong.
        $(form, "[data-captcha-input]").value = "";
        return captcha.refresh();
      }).catch(function () {
        showErrors(form, "网络异常，评论未提交，请稍后重试（已输入的内容已保留）。", {});
      }).then(function () {
        submit.disabled = false;
      });
    });
  }

  /* The comment page (works without JavaScript): only the captcha helpers are added. */
  function initPageForm(form) {
    var captcha = new Captcha(form);
    initCounter(form);
    return captcha;
  }

  /* 举报 */
  function initReports() {
    document.addEventListener("submit", function (e) {
      var form = e.target;
      if (!form.matches || !form.matches("[data-report-form]")) return;
      e.preventDefault();
      var button = form.querySelector("button");
      button.disabled = true;
      // The token comes with the list the state endpoint sends; the cookie is the fallback.
      var input = form.querySelector("[name=csrfmiddlewaretoken]");
      var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      var token = (input && input.value) || (cookie && decodeURIComponent(cookie[1])) || "";
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token, "X-Requested-With": "fetch", "Accept": "application/json" },
        body: new FormData(form)
      }).then(function (r) { return r.json(); }).then(function (data) {
        var note = document.createElement("span");
        note.className = "report-done";
        note.setAttribute("role", "status");
        note.textContent = data.message;
        form.replaceChildren(note);
      }).catch(function () {
        button.disabled = false;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.fetch) return;
    document.querySelectorAll("[data-comments][data-state-url]").forEach(initArea);
    document.querySelectorAll("[data-comment-form]:not([data-needs-script])").forEach(initPageForm);
    initReports();
  });
})();
