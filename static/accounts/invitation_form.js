// The invitation form: show only the place field that the chosen role needs.
// Without this script every field stays visible and the server ignores the ones that do not apply.
document.addEventListener("DOMContentLoaded", () => {
  const role = document.getElementById("id_role");
  const fields = document.querySelectorAll(".node-field[data-roles]");
  if (!role || !fields.length) return;
  const update = () => {
    for (const wrapper of fields) {
      const applies = role.value !== "" && wrapper.dataset.roles.split(" ").includes(role.value);
      wrapper.hidden = !applies;
    }
  };
  role.addEventListener("change", update);
  update();
});
