// Casebook site script: small enhancements, no external requests.
(function () {
  "use strict";
  // Section links: a "#" button after each heading that has an anchor, so trainers can
  // copy a deep link to the exact rule.
  function addHeadingLinks() {
    var body = document.querySelector(".sop-body");
    if (!body) return;
    body.querySelectorAll("h2[id], h3[id], h4[id]").forEach(function (h) {
      var a = document.createElement("a");
      a.className = "heading-link";
      a.href = "#" + h.id;
      a.textContent = "#";
      a.setAttribute("aria-label", "Link to section: " + h.textContent);
      h.appendChild(a);
    });
  }
  // Mark the table-of-contents entry of the section being read.
  function trackSections() {
    var links = document.querySelectorAll(".toc a[href^='#']");
    if (!links.length || !("IntersectionObserver" in window)) return;
    var byId = {};
    links.forEach(function (l) { byId[decodeURIComponent(l.getAttribute("href").slice(1))] = l; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (!e.isIntersecting) return;
        links.forEach(function (l) { l.removeAttribute("aria-current"); });
        var l = byId[e.target.id];
        if (l) l.setAttribute("aria-current", "location");
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) observer.observe(el);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    addHeadingLinks();
    trackSections();
  });
})();
