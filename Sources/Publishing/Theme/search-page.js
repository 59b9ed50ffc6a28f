// Casebook search: the results page and the highlights on a page opened from a result.
(function () {
  "use strict";
  // Interface strings in the page's language, from assets/i18n/<lang>.js (the layout loads it first).
  function tr(key, values) { return window.casebookText ? window.casebookText(key, values) : key; }
  var api = window.CasebookSearch;

  // ---- search.html?q=... ----
  async function setupPage() {
    var box = document.getElementById("search-page-results");
    if (!box) return;
    var q = new URLSearchParams(window.location.search).get("q") || "";
    var field = document.getElementById("search-page-query");
    if (field) field.value = q;
    var header = document.getElementById("site-search");
    if (header) header.value = q;
    if (!q.trim()) { box.textContent = tr("js.search_prompt"); return; }
    var results = await api.search(q, 20);
    box.textContent = "";
    var count = document.createElement("p");
    count.setAttribute("role", "status");
    count.textContent = results.length ? tr("js.search_count_for", { count: results.length, query: q }) : tr("js.search_none_page", { query: q });
    box.appendChild(count);
    var ol = document.createElement("ol");
    ol.className = "search-page-list";
    var pattern = results.length ? api.pattern(api.terms(results[0])) : null;
    results.forEach(function (r) {
      var li = document.createElement("li");
      li.appendChild(api.render(r, null, pattern));
      // More sections of the same page, folded under its best one.
      if (r.more && r.more.length) {
        var details = document.createElement("details");
        details.className = "search-result-more";
        var summary = document.createElement("summary");
        summary.textContent = tr("js.search_more", { count: r.more.length });
        details.appendChild(summary);
        var list = document.createElement("ul");
        r.more.forEach(function (m) { var item = document.createElement("li"); item.appendChild(api.render(m, null, pattern)); list.appendChild(item); });
        details.appendChild(list);
        li.appendChild(details);
      }
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  // ---- Highlight the words searched for on the page a result opens ----
  function highlightLanding() {
    var h = new URLSearchParams(window.location.search).get("h");
    var body = document.querySelector(".sop-body");
    if (!h || !body) return;
    var pattern = api.pattern(h.split(" "));
    if (!pattern) return;
    var target = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
    var nodes = [];
    if (target) {
      var level = /^H[1-6]$/.test(target.tagName) ? +target.tagName.charAt(1) : 7;
      nodes.push(target);
      for (var el = target.nextElementSibling; el; el = el.nextElementSibling) {
        if (/^H[1-6]$/.test(el.tagName) && +el.tagName.charAt(1) <= level) break;
        nodes.push(el);
      }
    } else nodes = Array.from(body.children);
    nodes.forEach(function (root) {
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), texts = [];
      while (walker.nextNode()) texts.push(walker.currentNode);
      texts.forEach(function (t) {
        pattern.lastIndex = 0;
        if (!pattern.test(t.nodeValue)) return;
        var frag = document.createDocumentFragment();
        api.mark(frag, t.nodeValue, pattern);
        t.parentNode.replaceChild(frag, t);
      });
    });
    var first = body.querySelector("mark");
    if (target) target.scrollIntoView({ block: "start" });
    else if (first) first.scrollIntoView({ block: "center" });
  }

  setupPage();
  highlightLanding();
})();
