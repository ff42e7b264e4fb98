/* Lightbox for gallery pictures. Each picture is a plain link to its large version, so without
   JavaScript it still opens. With it: Enter or click opens a dialog, ← → move, Esc closes, Tab
   stays inside the dialog, and focus returns to the picture that opened it. */
(function () {
  "use strict";

  function init() {
    var links = Array.prototype.slice.call(document.querySelectorAll("a[data-lightbox]"));
    if (!links.length) return;
    var dialog, figure, img, caption, counter, prevBtn, nextBtn, closeBtn;
    var current = -1;
    var opener = null;
    var inerted = [];

    function button(label, cls) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = cls;
      b.textContent = label;
      return b;
    }

    function build() {
      dialog = document.createElement("div");
      dialog.className = "lightbox";
      dialog.setAttribute("role", "dialog");
      dialog.setAttribute("aria-modal", "true");
      dialog.setAttribute("aria-label", "图片浏览");
      dialog.hidden = true;
      figure = document.createElement("figure");
      img = document.createElement("img");
      caption = document.createElement("figcaption");
      counter = document.createElement("p");
      counter.className = "lightbox-counter";
      counter.setAttribute("aria-live", "polite");
      figure.appendChild(img);
      figure.appendChild(caption);
      prevBtn = button("上一张", "lightbox-prev");
      nextBtn = button("下一张", "lightbox-next");
      closeBtn = button("关闭", "lightbox-close");
      closeBtn.setAttribute("aria-label", "关闭图片浏览（Esc）");
      var bar = document.createElement("div");
      bar.className = "lightbox-bar";
      bar.appendChild(prevBtn);
      bar.appendChild(counter);
      bar.appendChild(nextBtn);
      bar.appendChild(closeBtn);
      dialog.appendChild(figure);
      dialog.appendChild(bar);
      document.body.appendChild(dialog);

      prevBtn.addEventListener("click", function () { show(current - 1); });
      nextBtn.addEventListener("click", function () { show(current + 1); });
      closeBtn.addEventListener("click", close);
      dialog.addEventListener("click", function (e) { if (e.target === dialog) close(); });
      dialog.addEventListener("keydown", onKey);
    }

    function focusables() {
      return [prevBtn, nextBtn, closeBtn].filter(function (b) { return !b.hidden; });
    }

    function onKey(e) {
      if (e.key === "Escape") { e.preventDefault(); close(); }
      else if (e.key === "ArrowLeft") { e.preventDefault(); show(current - 1); }
      else if (e.key === "ArrowRight") { e.preventDefault(); show(current + 1); }
      else if (e.key === "Tab") {
        var items = focusables();
        var i = items.indexOf(document.activeElement);
        e.preventDefault();
        var next = e.shiftKey ? (i <= 0 ? items.length - 1 : i - 1) : (i === items.length - 1 ? 0 : i + 1);
        items[next].focus();
      }
    }

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var thumb = link.querySelector("img");
      img.src = link.href;
      img.alt = thumb ? thumb.alt : "";
      caption.textContent = link.getAttribute("data-caption") || "";
      counter.textContent = "第 " + (current + 1) + " 张，共 " + links.length + " 张";
      prevBtn.hidden = nextBtn.hidden = links.length < 2;
    }

    function open(index, from) {
      if (!dialog) build();
      opener = from;
      show(index);
      inerted = Array.prototype.filter.call(document.body.children, function (el) {
        return el !== dialog && !el.inert;
      });
      inerted.forEach(function (el) { el.inert = true; });
      dialog.hidden = false;
      document.documentElement.classList.add("lightbox-open");
      closeBtn.focus();
    }

    function close() {
      if (!dialog || dialog.hidden) return;
      dialog.hidden = true;
      img.removeAttribute("src");
      inerted.forEach(function (el) { el.inert = false; });
      inerted = [];
      document.documentElement.classList.remove("lightbox-open");
      if (opener) opener.focus();
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (e) {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        open(index, link);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
