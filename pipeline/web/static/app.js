/* clea web: the few things that need script. Everything works without it;
   with it, uploads show a progress bar, refusals appear beside their field
   without losing the form, contributor rows can be added, and jobs update live. */
"use strict";

function csrfToken(form) {
  var input = form.querySelector("input[name=csrf_token]");
  return input ? input.value : "";
}

function showErrors(form, errors) {
  document.querySelectorAll("[data-error-for]").forEach(function (p) {
    p.hidden = true;
    p.textContent = "";
  });
  var first = null;
  Object.keys(errors || {}).forEach(function (name) {
    var p = document.getElementById("err-" + name) || document.getElementById("err-form");
    if (!p) { return; }
    p.textContent = errors[name];
    p.hidden = false;
    p.setAttribute("role", "alert");
    if (!first) { first = p; }
  });
  if (first && first.scrollIntoView) { first.scrollIntoView({block: "center"}); }
}

function setupUpload(form) {
  var box = form.querySelector("[data-progress]");
  var bar = box ? box.querySelector("progress") : null;
  var text = box ? box.querySelector("[data-progress-text]") : null;
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
  var maxMb = form.getAttribute("data-max-mb");
  form.addEventListener("submit", function (event) {
    if (!window.FormData || !window.XMLHttpRequest) { return; }
    event.preventDefault();
    var fileInput = form.querySelector("input[type=file][name=file]");
    var total = 0;
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (f) { total += f.size; });
    });
    if (maxBytes && total > maxBytes) {
      showErrors(form, {file: "Le fichier est trop gros : la limite est de " + maxMb + " Mo."});
      return;
    }
    var buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach(function (b) { b.disabled = true; });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.setRequestHeader("X-CSRF-Token", csrfToken(form));
    xhr.setRequestHeader("Accept", "application/json");
    if (box && fileInput && fileInput.files.length) {
      box.hidden = false;
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        var pct = Math.round(100 * e.loaded / e.total);
        bar.value = pct;
        text.textContent = pct < 100 ? "Envoi : " + pct + " %" : "Vérification du fichier…";
      });
    }
    xhr.addEventListener("load", function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      if (data && data.ok && data.redirect) {
        window.location.assign(data.redirect);
        return;
      }
      buttons.forEach(function (b) { b.disabled = false; });
      if (box) { box.hidden = true; }
      if (data && data.errors) {
        showErrors(form, data.errors);
      } else {
        showErrors(form, {form: "Le serveur a refusé l'envoi (erreur " + xhr.status + ")."});
      }
    });
    xhr.addEventListener("error", function () {
      buttons.forEach(function (b) { b.disabled = false; });
      if (box) { box.hidden = true; }
      showErrors(form, {form: "L'envoi a été interrompu : vérifiez la connexion et réessayez."});
    });
    xhr.send(new FormData(form));
  });
}

function setupRows(fieldset) {
  var template = fieldset.querySelector("template[data-row-template]");
  var button = fieldset.querySelector("[data-add-row]");
  if (!template || !button) { return; }
  button.addEventListener("click", function () {
    var n = fieldset.querySelectorAll("fieldset.contributor").length;
    while (document.getElementById("contrib-" + n + "-name")) { n += 1; }
    var html = template.innerHTML.replace(/999/g, String(n)).replace(/Contributeur 1000/, "Contributeur " + (n + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    button.parentNode.parentNode.insertBefore(row, button.parentNode);
    row.querySelector("input").focus();
  });
}

function setupJob(section) {
  if (section.getAttribute("data-job-active") !== "yes") { return; }
  var url = section.getAttribute("data-job");
  var state = section.querySelector("[data-job-state]");
  var bar = section.querySelector("[data-job-progress]");
  var percent = section.querySelector("[data-job-percent]");
  var log = section.querySelector("[data-job-log]");
  var LABELS = {queued: "En attente", running: "En cours", done: "Terminé", failed: "Échec"};
  function poll() {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.addEventListener("load", function () {
      var job;
      try { job = JSON.parse(xhr.responseText); } catch (e) { job = null; }
      if (!job) { window.setTimeout(poll, 2000); return; }
      var pct = Math.round(job.progress * 100);
      bar.value = pct;
      percent.textContent = pct + " %";
      state.textContent = LABELS[job.state] || job.state;
      log.textContent = job.log.join("\n");
      if (job.active) {
        window.setTimeout(poll, 700);
      } else {
        // The finished page shows the counts and the public links.
        var here = new URL(window.location.href);
        here.searchParams.set("tache", String(job.id));
        window.location.replace(here.toString());
      }
    });
    xhr.addEventListener("error", function () { window.setTimeout(poll, 2000); });
    xhr.send();
  }
  poll();
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-upload]").forEach(setupUpload);
  document.querySelectorAll("[data-rows]").forEach(setupRows);
  document.querySelectorAll("[data-job]").forEach(setupJob);
});
