// The reading grade of a public text, shown as the editor types (issue 16). Progressive
// enhancement: without JavaScript the grade is shown after saving, as before. The formula is
// Flesch-Kincaid's; syllables are estimated from vowel groups, so the saved figure (textstat,
// with a hyphenation dictionary) can differ by a few tenths.
(function () {
  "use strict";
  var LIMIT = 9;
  // The English text boxes (modeltranslation names them summary_en…; the grade is of English).
  var FIELDS = ["summary", "answer", "default_reason", "reason", "definition"].reduce(function (all, name) {
    return all.concat([name, name + "_en"]);
  }, []);

  function syllables(word) {
    word = word.toLowerCase().replace(/[^a-z]/g, "");
    if (!word) return 0;
    if (word.length <= 3) return 1;
    word = word.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, "").replace(/^y/, "");
    var groups = word.match(/[aeiouy]{1,2}/g);
    return Math.max(1, groups ? groups.length : 1);
  }

  function grade(text) {
    var words = text.match(/[A-Za-z0-9'’-]+/g) || [];
    if (!words.length) return null;
    var sentences = Math.max(1, (text.match(/[.!?]+(\s|$)/g) || []).length);
    var count = 0;
    words.forEach(function (w) { count += syllables(w); });
    return 0.39 * (words.length / sentences) + 11.8 * (count / words.length) - 15.59;
  }

  function show(field, output) {
    var value = grade(field.value);
    if (value === null) {
      output.textContent = "";
      output.className = "live-grade";
      return;
    }
    var rounded = Math.round(value * 10) / 10;
    var over = rounded > LIMIT;
    output.className = over ? "live-grade grade-warning" : "live-grade";
    output.textContent = "Reading grade as you type: about " + rounded.toFixed(1) +
      (over ? " ⚠ above grade 9: use shorter words and sentences" : " ✓");
  }

  function start() {
  FIELDS.forEach(function (name) {
    document.querySelectorAll('textarea[name="' + name + '"]').forEach(function (field) {
      var output = document.createElement("output");
      output.setAttribute("aria-live", "polite");
      output.id = field.id + "_live_grade";
      field.insertAdjacentElement("afterend", output);
      var timer = null;
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { show(field, output); }, 300);
      });
      show(field, output);
    });
  });
  }

  // Admin media load in the page's head, before the form exists.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
