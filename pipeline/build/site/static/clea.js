/* clea: copy buttons and chapter links. Works without it; nothing is sent anywhere. */
(function () {
  "use strict";

  function announce(text) {
    var live = document.getElementById("annonce");
    if (live) { live.textContent = ""; live.textContent = text; }
  }

  function copy(field, button) {
    var text = field.value;
    var done = function () {
      var label = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", label);
      button.textContent = "Copié !";
      announce("Copié dans le presse-papiers.");
      window.setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { select(field, done); });
    } else {
      select(field, done);
    }
  }

  function select(field, done) {
    field.focus();
    field.select();
    try { if (document.execCommand("copy")) { done(); return; } } catch (e) { /* fall through */ }
    announce("Le texte est sélectionné : copiez-le avec Ctrl+C (ou Cmd+C).");
  }

  /* Arriving from a search result (?surligner=géant), mark the words on the page
     with Pagefind's own highlighter, from the search bundle. Nothing to load otherwise. */
  function highlight() {
    var body = document.querySelector("[data-surligner]");
    if (!body || !new URLSearchParams(location.search).get("surligner")) { return; }
    import(new URL(body.getAttribute("data-surligner"), document.baseURI).href).then(function () {
      new window.PagefindHighlight({ highlightParam: "surligner", addStyles: false });
    }).catch(function () { /* no search bundle here (a copy on a USB key): no marks */ });
  }
  highlight();

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    var button = target.closest("[data-copy]");
    if (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (field) { copy(field, button); }
      return;
    }
    var chapter = target.closest("[data-seek]");
    var player = document.getElementById("lecteur");
    if (chapter && player) {
      event.preventDefault();
      player.currentTime = parseFloat(chapter.getAttribute("data-seek")) || 0;
      var playing = player.play();
      if (playing && playing.catch) { playing.catch(function () { /* autoplay refused */ }); }
      announce("Lecture à partir de " + chapter.textContent.trim());
    }
  });
})();
