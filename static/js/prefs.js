/* Applies the visitor's saved reading preferences before the first paint (no flash of the
   wrong size). Loaded blocking in <head>; kept tiny on purpose. */
(function () {
  var root = document.documentElement;
  root.className = root.className.replace("no-js", "js");
  try {
    var size = localStorage.getItem("xcmz-font-size");
    if (size === "small" || size === "medium" || size === "large") {
      root.setAttribute("data-font-size", size);
    }
    if (localStorage.getItem("xcmz-care-mode") === "on") root.classList.add("care-mode");
    if (localStorage.getItem("xcmz-contrast") === "on") root.classList.add("high-contrast");
  } catch (e) { /* storage blocked: default size */ }
})();
