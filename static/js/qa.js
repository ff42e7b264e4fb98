/* 智能问答 panel: opens a modal <dialog> from the 智能问答 link, asks /qa/ask/ and shows the answer
   with its sources; suggests FAQ questions while typing. Without JavaScript (or <dialog>) the link
   simply opens the /qa/ page, which gives the same answers. Answers are fetched per visitor and
   never written into cached page HTML. */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function init() {
    var trigger = document.querySelector("[data-qa-open]");
    var dialog = document.getElementById("qa-dialog");
    if (!trigger || !dialog || typeof dialog.showModal !== "function" || !window.fetch) return;
    var form = dialog.querySelector("[data-qa-form]");
    var input = dialog.querySelector("#qa-input");
    var output = dialog.querySelector("[data-qa-output]");
    var box = dialog.querySelector("#qa-suggestions");
    var list = dialog.querySelector("[data-qa-suggestions]");
    var noneTemplate = document.getElementById("qa-none-template");
    var suggestTimer = null;
    var asked = 0;

    trigger.setAttribute("role", "button");
    trigger.addEventListener("click", function (event) {
      event.preventDefault();
      dialog.showModal();
      input.focus();
    });
    trigger.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); trigger.click(); }
    });
    dialog.querySelector("[data-qa-close]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close(); /* click on the backdrop */
    });
    dialog.addEventListener("close", function () { trigger.focus(); });

    function hideSuggestions() {
      box.hidden = true;
      list.textContent = "";
    }

    function status(text) {
      output.textContent = "";
      output.appendChild(el("p", { "class": "qa-status" }, text));
    }

    function sourceList(sources) {
      var ul = el("ul", { "class": "qa-sources" });
      sources.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("a", { href: s.url }, s.title));
        if (s.date) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("time", {}, s.date)); }
        ul.appendChild(li);
      });
      return ul;
    }

    function render(question, data) {
      output.textContent = "";
      var wrap = el("div", { "class": "qa-answer qa-answer-" + data.kind });
      wrap.appendChild(el("p", { "class": "qa-question" }, "问：" + question));
      if (data.kind === "faq") {
        wrap.appendChild(el("p", { "class": "qa-answer-title" }, data.sources[0].title));
        var body = el("div", { "class": "rich-text" });
        body.innerHTML = data.answer; /* editor-written rich text, sanitised by Wagtail */
        wrap.appendChild(body);
        wrap.appendChild(el("p", { "class": "qa-source-label" }, "来源："));
        wrap.appendChild(sourceList(data.sources));
      } else if (data.kind === "passage") {
        wrap.appendChild(el("p", { "class": "qa-answer-title" }, "以下内容可能对您有帮助："));
        var passages = el("div");
        passages.innerHTML = data.answer; /* server-escaped passages with <mark> */
        wrap.appendChild(passages);
      } else {
        wrap.appendChild(noneTemplate.content.cloneNode(true));
      }
      output.appendChild(wrap);
    }

    function ask(question) {
      hideSuggestions();
      question = question.trim();
      if (!question) { status("请输入您的问题。"); input.focus(); return; }
      var ticket = ++asked;
      status("正在查找答案…");
      fetch("/qa/ask/?q=" + encodeURIComponent(question), { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) { if (ticket === asked) render(question, data); })
        .catch(function () {
          if (ticket !== asked) return;
          output.textContent = "";
          var p = el("p", { "class": "qa-status" }, "网络异常，请稍后再试，或");
          p.appendChild(el("a", { href: "/qa/?q=" + encodeURIComponent(question) }, "打开智能问答页面"));
          output.appendChild(p);
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      ask(input.value);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !box.hidden) {
        var first = list.querySelector("button");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });

    list.addEventListener("keydown", function (event) {
      var buttons = Array.prototype.slice.call(list.querySelectorAll("button"));
      var i = buttons.indexOf(document.activeElement);
      if (i < 0) return;
      if (event.key === "ArrowDown" && i < buttons.length - 1) { event.preventDefault(); buttons[i + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (i > 0 ? buttons[i - 1] : input).focus(); }
    });

    input.addEventListener("input", function () {
      clearTimeout(suggestTimer);
      var value = input.value.trim();
      if (value.length < 2) { hideSuggestions(); return; }
      suggestTimer = setTimeout(function () {
        fetch("/qa/suggest/?q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            if (input.value.trim() !== value) return;
            list.textContent = "";
            data.suggestions.forEach(function (s) {
              var li = el("li");
              var b = el("button", { type: "button", "class": "qa-suggestion" }, s.question);
              b.addEventListener("click", function () { input.value = s.question; ask(s.question); input.focus(); });
              li.appendChild(b);
              list.appendChild(li);
            });
            box.hidden = data.suggestions.length === 0;
          })
          .catch(hideSuggestions);
      }, 200);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
