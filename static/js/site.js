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

  document.addEventListener("DOMContentLoaded", function () {
    initFontSize();
    initViewCount();
  });
})();
