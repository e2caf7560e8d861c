// The vision draft page: show the "suggested text" box only for a suggested edit, and the
// comment box's hint for what was chosen. Without JavaScript both boxes stay visible.
(() => {
  const form = document.querySelector("form[action$='/comment/']");
  if (!form) {
    return;
  }
  const proposed = form.querySelector("#id_proposed_text");
  const wrapper = proposed ? proposed.closest(".field") : null;
  const sync = () => {
    const choice = form.querySelector("input[name='kind']:checked");
    if (wrapper) {
      wrapper.hidden = !choice || choice.value !== "suggestion";
    }
  };
  form.addEventListener("change", (event) => {
    if (event.target.name === "kind") {
      sync();
    }
  });
  sync();
})();
