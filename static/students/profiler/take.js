/* Interest Profiler, one activity per screen. Without this script the form still works
   (plain POST, then the next page, whose chosen or first answer has `autofocus`); with it:
   - Enter on an answer goes on (like pressing Next), whichever button comes first;
   - after HTMX swaps in the next activity, focus moves to its answers, so the keyboard
     (arrow keys, then Enter) and screen readers carry on from the new question. */
(function () {
  "use strict";

  function form() {
    return document.getElementById("profiler-item");
  }

  function focusAnswers() {
    var root = form();
    if (!root) {
      return;
    }
    var target = root.querySelector('input[name="answer"]:checked') || root.querySelector('input[name="answer"]');
    var summary = root.querySelector("#error-summary");
    if (summary) {
      summary.focus();
      return;
    }
    if (target) {
      target.focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || !target || target.name !== "answer") {
      return;
    }
    var root = form();
    if (!root || !root.contains(target)) {
      return;
    }
    event.preventDefault();
    var next = root.querySelector(".next-button");
    if (typeof root.requestSubmit === "function") {
      root.requestSubmit(next || undefined);
    } else if (next) {
      next.click();
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var root = form();
    if (root && event.detail && event.detail.elt && (event.detail.elt === root || root.contains(event.detail.elt) || event.detail.elt.id === "profiler-item")) {
      focusAnswers();
    }
  });

})();
