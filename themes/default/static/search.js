/* ladder's search: loads the site's search index once and matches in the browser, with no
   server. Every word of the query must match a word of an entry (its start, or the whole
   word with one typo, two in long words); titles weigh most, then other names, skills,
   cities and summaries. Results are built as DOM nodes, never as HTML text. */
(function () {
  "use strict";
  var script = document.currentScript;
  var indexUrl = script && script.getAttribute("data-index");
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!indexUrl || !input || !list || !status) return;

  /* The theme's strings in the page's language (i18n/<language>.toml); plural forms are
     chosen and numbers written by the browser's CLDR data for that language. */
  var S = {};
  try { S = JSON.parse(script.getAttribute("data-strings") || "{}"); } catch (e) { S = {}; }
  var lang = document.documentElement.lang || "en";
  var plurals = new Intl.PluralRules(lang), numbers = new Intl.NumberFormat(lang);
  function say(name, values) {
    var s = S[name];
    if (s && typeof s === "object") s = s[plurals.select(values.count)] || s.other;
    return String(s || name).replace(/\{([A-Za-z0-9_]+)\}/g, function (m, k) {
      if (!(k in values)) return m;
      return typeof values[k] === "number" ? numbers.format(values[k]) : values[k];
    });
  }
  /* title, summary, other names, skills, cities */
  var WEIGHTS = [10, 1, 8, 5, 3];
  var MAX = 50;
  var docs = null, vocabulary = null, words = null;

  function tokens(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}+#]+/u).filter(Boolean);
  }

  /* Whether a and b are at most k edits apart (insert, delete, replace, swap). */
  function near(a, b, k) {
    if (Math.abs(a.length - b.length) > k) return false;
    var before = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var least = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          v = Math.min(v, before[j - 2] + 1);
        }
        cur[j] = v;
        if (v < least) least = v;
      }
      if (least > k) return false;
      before = prev;
      prev = cur;
    }
    return prev[b.length] <= k;
  }

  function build(index) {
    docs = index.docs;
    vocabulary = new Map();
    var names = function (list, ids) { return ids.map(function (i) { return list[i] || ""; }).join(" "); };
    docs.forEach(function (d, n) {
      var fields = [d[1], d[3], d[4].split("|").join(" "), names(index.skills, d[5]), names(index.cities, d[6])];
      fields.forEach(function (text, f) {
        tokens(text).forEach(function (w) {
          var postings = vocabulary.get(w);
          if (!postings) vocabulary.set(w, (postings = new Map()));
          postings.set(n, Math.max(postings.get(n) || 0, WEIGHTS[f]));
        });
      });
    });
    words = Array.from(vocabulary.keys());
  }

  /* Each entry's best score for one query word, or none. */
  function match(q) {
    var scores = new Map();
    var typos = q.length >= 8 ? 2 : q.length >= 4 ? 1 : 0;
    words.forEach(function (w) {
      var how = w === q ? 1 : w.startsWith(q) ? 0.7 : typos && near(q, w, typos) ? 0.5 : 0;
      if (!how) return;
      vocabulary.get(w).forEach(function (weight, n) {
        var s = weight * how;
        if (s > (scores.get(n) || 0)) scores.set(n, s);
      });
    });
    return scores;
  }

  function search(query) {
    var qs = tokens(query);
    if (!qs.length) return [];
    var total = null;
    qs.forEach(function (q) {
      var scores = match(q);
      if (total === null) {
        total = scores;
        return;
      }
      var next = new Map();
      total.forEach(function (s, n) {
        if (scores.has(n)) next.set(n, s + scores.get(n));
      });
      total = next;
    });
    return Array.from(total.entries())
      .sort(function (a, b) { return b[1] - a[1] || docs[a[0]][1].localeCompare(docs[b[0]][1]); })
      .map(function (e) { return docs[e[0]]; });
  }

  function show(query) {
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!query.trim()) { status.textContent = ""; return; }
    var found = search(query);
    status.textContent = found.length === 0 ? say("none", { query: query })
      : found.length > MAX ? say("more", { count: found.length, shown: MAX })
      : say("results", { count: found.length });
    found.slice(0, MAX).forEach(function (d) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = say(d[0], {});
      var a = document.createElement("a");
      a.href = d[2];
      a.textContent = d[1];
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
      if (d[3]) {
        var p = document.createElement("p");
        p.textContent = d[3];
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  var query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  status.textContent = say("loading", {});
  fetch(indexUrl)
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (index) {
      build(index);
      show(input.value);
      input.addEventListener("input", function () {
        var url = new URL(location.href);
        if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
        history.replaceState(null, "", url);
        show(input.value);
      });
    })
    .catch(function () { status.textContent = say("failed", {}); });
  input.form && input.form.addEventListener("submit", function (e) { e.preventDefault(); show(input.value); });
})();
