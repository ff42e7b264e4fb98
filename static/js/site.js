/* Site behaviour: article font size, view counting. No framework; every feature degrades to a
   readable page without JavaScript. */
(function () {
  "use strict";
  var root = document.documentElement;

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: not kept */ }
  }

  /* 【字体大小: 大 中 小】 */
  function initFontSize() {
    var buttons = document.querySelectorAll("[data-font-size]");
    if (!buttons.length) return;
    function apply(size) {
      root.setAttribute("data-font-size", size);
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-font-size") === size ? "true" : "false");
      });
    }
    apply(root.getAttribute("data-font-size") || "medium");
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        var size = b.getAttribute("data-font-size");
        apply(size);
        store("xcmz-font-size", size);
      });
    });
  }

  /* 浏览: counted by a small POST so a cached page still counts every visit once. */
  function initViewCount() {
    var article = document.querySelector("[data-count-views]");
    var target = document.querySelector("[data-view-count]");
    if (!article || !target || !window.fetch) return;
    fetch("/views/" + article.getAttribute("data-page-id") + "/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) target.textContent = data.count; })
      .catch(function () { /* count stays "-" */ });
  }

  /* 关怀模式 / 高对比度: classes on <html>, kept in localStorage (applied early by prefs.js). */
  function initModes() {
    document.querySelectorAll("[data-mode-toggle]").forEach(function (button) {
      var mode = button.getAttribute("data-mode-toggle");
      var key = mode === "care-mode" ? "xcmz-care-mode" : "xcmz-contrast";
      function sync() {
        button.setAttribute("aria-pressed", root.classList.contains(mode) ? "true" : "false");
      }
      sync();
      button.addEventListener("click", function () {
        root.classList.toggle(mode);
        store(key, root.classList.contains(mode) ? "on" : "off");
        sync();
      });
    });
  }

  /* Phones: the main navigation collapses behind a 菜单 button. */
  function initMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!toggle || !menu) return;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var first = menu.querySelector("a");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  /* 朗读: reads the title and body aloud with the browser's speech synthesis (zh-CN voice). */
  function initReadAloud() {
    var box = document.querySelector("[data-read-aloud]");
    if (!box) return;
    var start = box.querySelector("[data-read-start]");
    var pause = box.querySelector("[data-read-pause]");
    var stop = box.querySelector("[data-read-stop]");
    var status = box.querySelector("[data-read-status]");
    var synth = window.speechSynthesis;
    function say(text) { status.textContent = text; }
    function setState(state) {
      box.setAttribute("data-state", state);
      pause.hidden = state === "idle";
      stop.hidden = state === "idle";
      pause.textContent = state === "paused" ? "继续" : "暂停";
      start.setAttribute("aria-pressed", state === "idle" ? "false" : "true");
    }
    setState("idle");
    start.addEventListener("click", function () {
      if (!synth || !window.SpeechSynthesisUtterance) {
        say("您的浏览器不支持朗读功能，请使用手机或电脑自带的读屏软件。");
        return;
      }
      var voices = synth.getVoices();
      var voice = voices.filter(function (v) { return /^zh(-|_)?(CN|Hans)?/i.test(v.lang); })[0];
      if (voices.length && !voice) {
        say("未找到中文语音，朗读效果可能不佳。可在系统设置中安装中文语音包。");
      }
      var parts = [];
      document.querySelectorAll(box.getAttribute("data-read-aloud")).forEach(function (el) {
        parts.push(el.innerText);
      });
      synth.cancel();
      var utterance = new SpeechSynthesisUtterance(parts.join("。\n"));
      utterance.lang = "zh-CN";
      if (voice) utterance.voice = voice;
      utterance.rate = 0.9;
      utterance.onend = function () { setState("idle"); say("朗读结束"); };
      utterance.onerror = function () { setState("idle"); say("朗读中断"); };
      synth.speak(utterance);
      setState("playing");
      if (!voices.length) say("正在朗读（如没有声音，说明浏览器没有可用的中文语音）");
      else if (voice) say("正在朗读");
    });
    pause.addEventListener("click", function () {
      if (!synth) return;
      if (synth.paused) { synth.resume(); setState("playing"); say("继续朗读"); }
      else { synth.pause(); setState("paused"); say("已暂停"); }
    });
    stop.addEventListener("click", function () {
      if (synth) synth.cancel();
      setState("idle");
      say("已停止朗读");
      start.focus();
    });
  }

  function initPrint() {
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initFontSize();
    initViewCount();
    initModes();
    initMenu();
    initReadAloud();
    initPrint();
  });
})();
