// Change the language as soon as one is picked; the button stays for browsers without script.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("language");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
});
