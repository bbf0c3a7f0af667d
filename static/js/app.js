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
});
