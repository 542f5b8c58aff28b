/* clea: copy buttons, chapter links and the photo viewer. Works without it; nothing
   is sent anywhere. */
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

  /* The gallery's viewer: a thumbnail opens the photo large in a modal <dialog>
     (the browser keeps focus inside and closes it with Escape); arrows and
     buttons go to the previous or next photo, a swipe does on a phone. Without
     script, each thumbnail is a link to the photo's own page. */
  function viewer() {
    var dialog = document.querySelector("[data-viewer-dialog]");
    var links = Array.prototype.slice.call(document.querySelectorAll("[data-viewer]"));
    if (!dialog || !links.length || typeof dialog.showModal !== "function") { return; }
    var figure = dialog.querySelector("[data-viewer-figure]");
    var img = document.createElement("img");
    figure.insertBefore(img, figure.firstChild);
    var at = 0, opener = null, startX = null;

    function show(index) {
      at = (index + links.length) % links.length;
      var link = links[at];
      img.src = link.getAttribute("data-viewer");
      img.alt = link.getAttribute("data-viewer-alt");
      img.width = parseInt(link.getAttribute("data-viewer-width"), 10) || 0;
      img.height = parseInt(link.getAttribute("data-viewer-height"), 10) || 0;
      dialog.querySelector("#viewer-title").textContent = link.getAttribute("data-viewer-title");
      dialog.querySelector("[data-viewer-caption]").textContent =
        link.getAttribute("data-viewer-caption");
      dialog.querySelector("[data-viewer-position]").textContent =
        "Photo " + (at + 1) + " sur " + links.length;
      dialog.querySelector("[data-viewer-page]").href = link.href;
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) { return; }
        event.preventDefault();
        opener = link;
        show(index);
        dialog.showModal();
        dialog.querySelector("[data-viewer-next]").focus();
      });
    });
    dialog.querySelector("[data-viewer-prev]").addEventListener("click", function () { show(at - 1); });
    dialog.querySelector("[data-viewer-next]").addEventListener("click", function () { show(at + 1); });
    dialog.querySelector("[data-viewer-close]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { event.preventDefault(); show(at - 1); }
      if (event.key === "ArrowRight") { event.preventDefault(); show(at + 1); }
    });
    dialog.addEventListener("close", function () { if (opener) { opener.focus(); } });
    dialog.addEventListener("touchstart", function (event) {
      startX = event.changedTouches[0].clientX;
    }, { passive: true });
    dialog.addEventListener("touchend", function (event) {
      if (startX === null) { return; }
      var dx = event.changedTouches[0].clientX - startX;
      startX = null;
      if (Math.abs(dx) > 40) { show(dx < 0 ? at + 1 : at - 1); }
    }, { passive: true });
  }
  viewer();
})();
