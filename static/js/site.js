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

// Every form that posts carries a one-time token, so that a double click or a page sent again
// saves once (groups/once.py answers the second with where the first led).
document.addEventListener("DOMContentLoaded", function () {
  function token() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  document.querySelectorAll("form[method=post], form[method=POST]").forEach(function (form) {
    if (form.querySelector("input[name=submit_token]")) { return; }
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "submit_token";
    input.value = token();
    form.appendChild(input);
  });
});

// A form that takes a while (reading or writing a roster): once sent, its button waits and the
// progress note named by data-busy shows, so the page does not sit blank.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.dataset || !form.dataset.busy) { return; }
  var note = document.getElementById(form.dataset.busy);
  if (note) { note.hidden = false; }
  form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
});

// Lists with spare blank rows rendered by the server (the meeting record's decisions and their
// action items): one blank row shows, and a button shows the next. Without script every row shows.
document.addEventListener("DOMContentLoaded", function () {
  function blank(row) {
    var fields = row.querySelectorAll("input:not([type=hidden]), textarea, select");
    return Array.prototype.every.call(fields, function (field) { return !field.value; });
  }
  document.querySelectorAll("[data-rows]").forEach(function (list) {
    var button = list.querySelector(":scope > [data-add-row]");
    if (!button) { return; }
    var blankShown = false;
    list.querySelectorAll(":scope > [data-row]").forEach(function (row) {
      if (!blank(row)) { return; }
      if (blankShown) { row.hidden = true; } else { blankShown = true; }
    });
    function update() { button.hidden = !list.querySelector(":scope > [data-row][hidden]"); }
    button.addEventListener("click", function () {
      var next = list.querySelector(":scope > [data-row][hidden]");
      if (next) {
        next.hidden = false;
        var field = next.querySelector("input:not([type=hidden]), textarea");
        if (field) { field.focus(); }
      }
      update();
    });
    update();
  });
});
