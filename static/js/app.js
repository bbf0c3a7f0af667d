// Progressive enhancement only: every form works without this file.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll(".js-hide").forEach((el) => el.classList.add("d-none"));
  // Listing filter panels start open (usable without JS); on phones fold the unused ones above the results.
  if (window.matchMedia("(max-width: 991.98px)").matches) {
    document.querySelectorAll("details[data-fold-on-small-screens]").forEach((el) => el.removeAttribute("open"));
  }
  // A group of checkboxes of which the server requires at least one (transfer modes): the first box carries the
  // group's message as its validity, so the browser refuses to send the form with none ticked, as the server would.
  document.querySelectorAll("fieldset[data-required-group]").forEach((group) => {
    const boxes = Array.from(group.querySelectorAll("input[type=checkbox]"));
    if (!boxes.length) return;
    const check = () => boxes[0].setCustomValidity(boxes.some((box) => box.checked) ? "" : group.dataset.requiredGroup);
    boxes.forEach((box) => box.addEventListener("change", check));
    check();
  });
  // Header menus are <details> (they open without JavaScript): close them on Escape and on a click elsewhere.
  const menus = Array.from(document.querySelectorAll("details.header-menu"));
  document.addEventListener("click", (event) => {
    menus.forEach((menu) => { if (menu.open && !menu.contains(event.target)) menu.removeAttribute("open"); });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    menus.forEach((menu) => {
      if (!menu.open) return;
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });
  // After a failed save, the error summary takes the focus so that screen readers announce it first.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
