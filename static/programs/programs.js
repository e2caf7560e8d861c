// Programs editing pages: move keyboard and screen-reader focus to the error summary when a
// form comes back with errors, so the first thing read is what to fix.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
});
