// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Quick exit: leave for a neutral site and replace this page in the history,
  // so the back button does not return here.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.quick-exit");
    if (!link) return;
    event.preventDefault();
    window.location.replace(link.href);
  });
  // After htmx swaps in a new question, move focus to it so screen readers announce it.
  document.addEventListener("htmx:afterSettle", function () {
    if (!document.getElementById("step")) return;
    var focusable = document.getElementById("error") || document.getElementById("question-title");
    if (focusable) {
      if (!focusable.hasAttribute("tabindex")) focusable.setAttribute("tabindex", "-1");
      focusable.focus();
    }
    var title = document.getElementById("question-title");
    if (title) document.title = title.textContent.trim() + " – Recourse";
  });
})();
