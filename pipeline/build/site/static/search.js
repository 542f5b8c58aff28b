/* clea: search over the Pagefind index built with the site. Runs in the browser only. */
(function () {
  "use strict";
  var form = document.getElementById("recherche");
  if (!form) { return; }
  var input = document.getElementById("q");
  var state = document.getElementById("etat");
  var list = document.getElementById("resultats");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var root = new URL(form.getAttribute("data-root") || "./", document.baseURI);
  var bundle = new URL(form.getAttribute("data-pagefind"), document.baseURI).href;
  /* A large archive's index comes in shards: merged here into one search. */
  var shards = (form.getAttribute("data-shards") || "").split(" ").filter(Boolean)
    .map(function (path) { return new URL(path, document.baseURI).href; });
  var MAX = 30;
  /* Pagefind stems French words and matches the last one as a prefix: « géant »
     (stem « gé ») also finds « Générique ». termSimilarity ranks pages whose words
     are close to what was typed above such near misses; highlightParam adds the
     words to each result's link, and the episode page marks them (clea.js). */
  var OPTIONS = { baseUrl: "/", highlightParam: "surligner", ranking: { termSimilarity: 3.0 } };
  var loading = null;

  function load() {
    if (!loading) {
      loading = import(bundle).then(function (pagefind) {
        // Result URLs come back relative to the site root; we resolve them ourselves.
        return pagefind.options(OPTIONS).then(function () {
          return Promise.all(shards.map(function (url) {
            return pagefind.mergeIndex(url, { baseUrl: "/" });
          }));
        }).then(function () { return pagefind; });
      });
    }
    return loading;
  }

  function unavailable() {
    state.textContent = "La recherche n'est pas disponible ici : elle fonctionne sur le site " +
      "publié ou avec « clea serve ». Vous pouvez aussi parcourir l'archive.";
  }

  function fillFilters(pagefind) {
    return pagefind.filters().then(function (filters) {
      selects.forEach(function (select) {
        var values = filters[select.getAttribute("data-filter")] || {};
        Object.keys(values).sort(function (a, b) { return a.localeCompare(b, "fr"); })
          .forEach(function (value) {
            var option = document.createElement("option");
            option.value = value;
            option.textContent = value + " (" + values[value] + ")";
            select.appendChild(option);
          });
      });
    });
  }

  /* Pagefind's excerpt is HTML with <mark>: keep the marks, take everything else as text. */
  function excerpt(html) {
    var p = document.createElement("p");
    var doc = new DOMParser().parseFromString("<body>" + html, "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function show(results, term) {
    list.textContent = "";
    results.forEach(function (data) {
      var li = document.createElement("li");
      var h2 = document.createElement("h2");
      var a = document.createElement("a");
      a.href = new URL(data.url.replace(/^\/+/, ""), root).href;
      a.textContent = (data.meta && data.meta.title) || data.url;
      h2.appendChild(a);
      li.appendChild(h2);
      li.appendChild(excerpt(data.excerpt || ""));
      list.appendChild(li);
    });
  }

  function run() {
    var term = input.value.trim();
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) { filters[select.getAttribute("data-filter")] = select.value; }
    });
    if (!term && !Object.keys(filters).length) {
      list.textContent = "";
      state.textContent = "";
      return Promise.resolve();
    }
    state.textContent = "Recherche en cours…";
    return load().then(function (pagefind) {
      return pagefind.search(term || null, { filters: filters });
    }).then(function (search) {
      var total = search.results.length;
      return Promise.all(search.results.slice(0, MAX).map(function (r) { return r.data(); }))
        .then(function (results) {
          show(results, term);
          var what = term ? " pour « " + term + " »" : "";
          state.textContent = total === 0 ? "Aucun épisode trouvé" + what + "." :
            total + " épisode" + (total > 1 ? "s" : "") + " trouvé" + (total > 1 ? "s" : "") + what +
            (total > MAX ? " (les " + MAX + " premiers sont affichés)." : ".");
        });
    }).catch(unavailable);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = new URLSearchParams();
    if (input.value.trim()) { params.set("q", input.value.trim()); }
    selects.forEach(function (s) { if (s.value) { params.set(s.name, s.value); } });
    history.replaceState(null, "", "?" + params.toString());
    run();
  });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  load().then(fillFilters).then(function () {
    selects.forEach(function (s) { s.value = params.get(s.name) || ""; });
    form.setAttribute("data-ready", "");
    return run();
  }).catch(unavailable);
})();
