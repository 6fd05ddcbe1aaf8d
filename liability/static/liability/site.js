// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Quick exit: leave for a neutral site and replace this page in the history, so the
  // back button does not return here. The questions this page went through (htmx added an
  // entry for each) are stepped back over first, so Back does not show them either.
  var pushed = 0;
  document.addEventListener("htmx:pushedIntoHistory", function () {
    pushed += 1;
  });
  // The language switch leads to this address in the other language. htmx changes the
  // address without reloading the page, so the switch follows it (answers included).
  // Without JavaScript every step is a new page, whose switch the server wrote.
  function followAddress() {
    var link = document.querySelector("a.language-switch[data-follow-address]");
    if (!link) return;
    var path = window.location.pathname.replace(/^\/es(?=\/|$)/, "") || "/";
    link.href = (link.dataset.language === "es" ? "/es" : "") + path + window.location.search;
  }
  ["htmx:pushedIntoHistory", "htmx:replacedInHistory", "htmx:historyRestore", "popstate"].forEach(function (name) {
    (name === "popstate" ? window : document).addEventListener(name, followAddress);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.quick-exit");
    if (!link) return;
    event.preventDefault();
    if (pushed === 0) {
      window.location.replace(link.href);
      return;
    }
    window.onpopstate = null; // htmx would reload the page it lands on
    window.addEventListener("popstate", function () {
      window.location.replace(link.href);
    });
    window.history.go(-pushed);
  });
  // Back returns to a question with its answer still chosen: before htmx moves on, this
  // question's address is rewritten to hold the answer just given and to ask it again.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!form || form.tagName !== "FORM" || !form.closest("#step")) return;
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (key === "asked") params.set("change", value);
      else if (value !== "") params.append(key, value);
    });
    window.history.replaceState(window.history.state, "", form.getAttribute("action") + "?" + params.toString());
  });
  // "Print my plan" and "Copy link" buttons only make sense with JavaScript, so they
  // start hidden and appear here; without it the page says to use the browser's Print
  // command, and the links sit in read-only fields to select and copy.
  document.querySelectorAll("button.print-plan, button.copy-link").forEach(function (button) {
    button.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.print-plan, button.copy-link");
    if (!button) return;
    if (button.classList.contains("print-plan")) {
      window.print();
      return;
    }
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status") || document.querySelector(".copy-status");
    if (!field) return;
    var done = function () {
      if (status) status.textContent = button.getAttribute("data-copied") || "";
    };
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        if (document.execCommand("copy")) done();
      });
    } else if (document.execCommand("copy")) {
      done();
    }
  });
  // After htmx swaps in a what-if answer, move focus to it so screen readers read it.
  document.addEventListener("htmx:afterSettle", function () {
    var outcome = document.getElementById("what-if-outcome") || document.getElementById("what-if-question");
    if (outcome && document.getElementById("what-if")) {
      if (!outcome.hasAttribute("tabindex")) outcome.setAttribute("tabindex", "-1");
      outcome.focus();
    }
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
