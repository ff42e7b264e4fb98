/* 作品征集 form: a new captcha on request, a size warning before a long upload, and focus moved to
   the message after the form comes back. The form works without this script. */
(function () {
  "use strict";

  function initCaptcha() {
    var box = document.querySelector("[data-captcha]");
    if (!box || !window.fetch) return;
    var refresh = box.querySelector("[data-captcha-refresh]");
    var image = box.querySelector("[data-captcha-image]");
    var audio = box.querySelector("[data-captcha-audio]");
    var key = box.querySelector("input[type=hidden]");
    var answer = box.querySelector("input[type=text]");
    refresh.hidden = false;
    refresh.addEventListener("click", function () {
      fetch("/captcha/refresh/", { headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          image.src = data.image_url;
          key.value = data.key;
          if (audio) audio.href = "/captcha/audio-zh/" + data.key + ".wav";
          if (answer) { answer.value = ""; answer.focus(); }
        })
        .catch(function () { /* keep the current picture */ });
    });
  }

  function initSizeCheck() {
    var form = document.querySelector(".pn-form");
    if (!form) return;
    var input = form.querySelector("input[type=file]");
    if (!input) return;
    var note = document.createElement("p");
    note.className = "field-error";
    note.setAttribute("aria-live", "polite");
    input.parentNode.insertBefore(note, input.nextSibling);
    function check() {
      note.textContent = "";
      var file = input.files && input.files[0];
      if (!file) return;
      var kind = form.querySelector("input[name=kind]:checked");
      var video = kind ? kind.value === "video" : /\.mp4$/i.test(file.name);
      var maxMb = Number(form.getAttribute(video ? "data-video-max" : "data-image-max"));
      if (maxMb && file.size > maxMb * 1024 * 1024) {
        note.textContent = "文件约 " + (file.size / 1048576).toFixed(1) + " MB，超过 " + maxMb + " MB 的上限，请压缩后再上传。";
      }
    }
    input.addEventListener("change", check);
    form.addEventListener("change", function (e) { if (e.target.name === "kind") check(); });
  }

  function focusMessage() {
    var target = document.querySelector("[data-focus-on-load]");
    if (target) target.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    initCaptcha();
    initSizeCheck();
    focusMessage();
  });
})();
