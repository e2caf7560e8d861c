// "Copy" buttons: copy the text of the field named by data-copy-target, and say so.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-copy-target]")) {
    const field = document.getElementById(button.dataset.copyTarget);
    if (!field) continue;
    const label = button.textContent;
    button.addEventListener("click", async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
      } catch {
        document.execCommand("copy"); // older browsers, or a page not served over HTTPS
      }
      button.textContent = button.dataset.copiedText || label;
      setTimeout(() => { button.textContent = label; }, 2500);
    });
  }
});
