// Change the language as soon as one is picked; the button stays for browsers without script.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("language");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
});

// Buttons that print the page (the browser offers "save as PDF" in the same dialog).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) { window.print(); }
});
