// Change the language as soon as one is picked; the button stays for browsers without script.
// Any other <select data-autosubmit> (the period of a report) submits its form the same way.
// (No inline on*= handlers anywhere: the Content-Security-Policy lets only our files run script.)
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("language");
  if (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
  document.querySelectorAll("select[data-autosubmit]").forEach(function (choice) {
    choice.addEventListener("change", function () { choice.form.submit(); });
  });
});

// Buttons that print the page (the browser offers "save as PDF" in the same dialog).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) { window.print(); }
});

// The meeting form: a study topic belongs to a study session, production topics to a production
// meeting; show each only with its kind (the server checks the same).
document.addEventListener("DOMContentLoaded", function () {
  var kind = document.getElementById("id_kind");
  var study = document.getElementById("div_id_study_topic");
  var topics = document.getElementById("div_id_topics");
  if (!kind || !study || !topics) { return; }
  function update() {
    study.hidden = kind.value !== "study";
    topics.hidden = kind.value !== "production";
  }
  kind.addEventListener("change", update);
  update();
});
