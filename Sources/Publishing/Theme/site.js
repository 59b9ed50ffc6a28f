// Casebook site script: small enhancements, no external requests.
(function () {
  "use strict";
  // Interface strings in the page's language, from assets/i18n/<lang>.js (the layout loads it first).
  function tr(key, values) { return window.casebookText ? window.casebookText(key, values) : key; }
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
      a.setAttribute("aria-label", tr("js.section_link", { title: h.textContent }));
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
  // Read and acknowledge, on the served site only: the SOP page's hidden #read-ack slot is
  // shown to a signed-in reader who has not acknowledged the page's current version, with what
  // changed since the version they last acknowledged (from changes/<id>.json) and a button
  // that records the acknowledgement. Without a server or a session nothing is shown, and no
  // failure here ever reaches the page. The slot's data-state says what was decided (static,
  // signed-out, acknowledged, shown or unavailable), for tests and for styling.
  async function readAcknowledgement(slot) {
    if (!window.fetch || (location.protocol !== "http:" && location.protocol !== "https:")) return slot.setAttribute("data-state", "static");
    var sop = slot.getAttribute("data-sop"), version = slot.getAttribute("data-version");
    var me = await fetch("/api/me", { credentials: "same-origin" });
    if (me.status !== 200) return slot.setAttribute("data-state", "signed-out");
    var acks = await fetch("/api/me/acknowledgements?sop=" + encodeURIComponent(sop), { credentials: "same-origin" });
    if (acks.status !== 200) return slot.setAttribute("data-state", "unavailable");
    var read = (await acks.json()).map(function (a) { return a.version; });
    if (read.indexOf(version) >= 0) return slot.setAttribute("data-state", "acknowledged");
    var changes = null;
    if (slot.getAttribute("data-changes")) {
      try {
        var c = await fetch(slot.getAttribute("data-changes"), { credentials: "same-origin" });
        if (c.ok) changes = await c.json();
      } catch (e) { changes = null; }
    }
    // The newest earlier version the reader acknowledged (the changes list is oldest first).
    var last = null;
    ((changes && changes.since) || []).forEach(function (s) { if (read.indexOf(s.version) >= 0) last = s; });
    if (!last && read.length) last = { version: read[read.length - 1], sections: null, diff: changes ? encodeURIComponent(sop) + "/versions.html" : null };
    showBanner(slot, sop, version, last);
  }

  function showBanner(slot, sop, version, last) {
    function node(tag, attrs, text) {
      var n = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
      if (text) n.textContent = text;
      return n;
    }
    slot.textContent = "";
    var title = node("p", { id: "read-ack-title", class: "read-ack-title" });
    if (last) {
      var what = tr("js.ack_changed", { from: last.version, to: version });
      if (typeof last.sections === "number") what += ": " + tr("js.ack_sections", { count: last.sections });
      title.appendChild(node("strong", {}, what));
      if (last.diff) {
        title.appendChild(document.createTextNode(" "));
        title.appendChild(node("a", { href: last.diff }, tr("js.ack_see_changes")));
      }
    } else {
      title.appendChild(node("strong", {}, tr("js.ack_unread")));
      title.appendChild(document.createTextNode(" " + tr("js.ack_read_then")));
    }
    var button = node("button", { type: "button", class: "button" }, tr("js.ack_button", { version: version }));
    var problem = node("p", { class: "read-ack-problem", role: "alert" });
    slot.appendChild(title);
    slot.appendChild(button);
    slot.appendChild(problem);
    slot.setAttribute("role", "region");
    slot.setAttribute("data-state", "shown");
    slot.hidden = false;
    button.addEventListener("click", async function () {
      button.disabled = true;
      problem.textContent = "";
      var res = null;
      try {
        res = await fetch("/api/acknowledgements", { method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json" }, body: JSON.stringify({ sop: sop, version: version }) });
      } catch (e) { res = null; }
      if (res && res.status === 201) {
        slot.hidden = true;
        slot.textContent = "";
        slot.removeAttribute("role");
        slot.setAttribute("data-state", "acknowledged");
        var status = document.getElementById("read-ack-status");
        if (status) status.textContent = tr("js.ack_thanks", { version: version });
        var heading = document.querySelector("main h1");
        if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
        return;
      }
      var message = tr("js.ack_failed");
      if (res) { try { message = (await res.json()).error || message; } catch (e) { /* keep the default */ } }
      problem.textContent = message;
      button.disabled = false;
      button.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    addHeadingLinks();
    trackSections();
    var slot = document.getElementById("read-ack");
    if (slot) {
      readAcknowledgement(slot).catch(function () {
        // The banner is an enhancement: a failure leaves the page as it was.
        slot.hidden = true;
        slot.setAttribute("data-state", "unavailable");
      });
    }
  });
})();
