extension DefaultTheme {
    /// The reports page: fetches the dashboard fragment from `casebook serve`'s
    /// /api/reports/dashboard with the filter form's values. The server escapes every piece of
    /// report text in the fragment; everything this script writes itself uses textContent.
    static let reportsScript = #"""
// Casebook reports page. Needs `casebook serve`; no external requests.
(function () {
  "use strict";
  var app = document.getElementById("reports-app");
  var form = document.getElementById("reports-filter");
  if (!app || !form) return;
  var live = document.getElementById("reports-live");
  var fields = ["since", "until", "market", "team", "vendor"];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined) return;
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  // The same report as JSON, for spreadsheets and scripts. Made here rather than in the page:
  // it exists only on the server, and the built site links nothing outside itself.
  var json = el("a", { id: "reports-json", href: "/api/reports/gaps", text: "Download as JSON" });
  var actions = form.querySelector(".reports-actions");
  if (actions) actions.appendChild(json);

  function announce(text) { if (!live) return; live.textContent = ""; setTimeout(function () { live.textContent = text; }, 30); }
  function screen(children, focus) {
    app.textContent = "";
    children.forEach(function (c) { if (c) app.appendChild(c); });
    if (focus) focus.focus();
  }
  async function api(method, path, body) {
    var res = await fetch("/api/" + path, { method: method, credentials: "same-origin",
      headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
    var data = {};
    try { data = await res.json(); } catch (e) { data = {}; }
    return { status: res.status, data: data };
  }
  function query() {
    var q = new URLSearchParams();
    fields.forEach(function (f) { var v = (form.elements[f].value || "").trim(); if (v) q.set(f, v); });
    var s = q.toString();
    return s ? "?" + s : "";
  }

  // ---- Sign in (the same /api/login as the quiz player) ----
  function loginScreen(message) {
    form.hidden = true;
    var input = el("input", { id: "reports-token", type: "password", autocomplete: "off", required: "required" });
    var login = el("form", { class: "quiz-login", onsubmit: async function (e) {
      e.preventDefault();
      var r = await api("POST", "login", { token: input.value.trim() });
      if (r.status === 200) load(); else loginScreen(r.data.error || "Sign-in failed");
    } }, [
      el("label", { for: "reports-token", text: "Your sign-in token" }), input,
      el("button", { type: "submit", class: "button", text: "Sign in" })
    ]);
    screen([el("h2", { text: "Sign in to see reports" }), message ? el("p", { class: "notice", role: "alert", text: message }) : null,
            el("p", { text: "Use the token from 'casebook users add'. Reports are for trainers and leads." }), login], input);
  }

  function notForYou(message) {
    form.hidden = true;
    var title = el("h2", { text: "This page is for trainers and leads", tabindex: "-1" });
    screen([title, el("p", { class: "notice", role: "alert", text: message || "Your account cannot see reports." }),
            el("p", {}, [el("a", { href: "quiz.html", text: "Go to your quizzes" })])], title);
  }

  // ---- The dashboard ----
  async function load() {
    var q = query();
    json.href = "/api/reports/gaps" + q;
    app.setAttribute("aria-busy", "true");
    var res;
    try {
      res = await fetch("/api/reports/dashboard" + q, { credentials: "same-origin" });
    } catch (e) {
      app.removeAttribute("aria-busy");
      return screen([el("p", { class: "notice", role: "alert", text: "The server could not be reached. Is 'casebook serve' running?" })]);
    }
    app.removeAttribute("aria-busy");
    if (res.status === 200) {
      var t = document.createElement("template");
      t.innerHTML = await res.text();
      form.hidden = false;
      app.textContent = "";
      app.appendChild(t.content);
      var answers = app.querySelector(".dash-figures dd");
      announce("Report loaded" + (answers ? ": " + answers.textContent + " answers" : ""));
      return;
    }
    var data = {};
    try { data = await res.json(); } catch (e) { data = {}; }
    if (res.status === 401) return loginScreen();
    if (res.status === 403) {
      var me = await api("GET", "me");
      if (me.data.role !== "lead") return notForYou(data.error);
    }
    form.hidden = false;
    screen([el("p", { class: "notice", role: "alert", text: data.error || ("The report could not be made (HTTP " + res.status + ").") })]);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    history.replaceState(null, "", location.pathname + query());
    load();
  });

  var initial = new URLSearchParams(location.search);
  fields.forEach(function (f) { if (initial.has(f)) form.elements[f].value = initial.get(f); });
  if (location.protocol === "file:") {
    form.hidden = true;
    screen([el("h2", { text: "Reports need the Casebook server" }), el("p", { text: "Run 'casebook serve' and open this page from it." })]);
  } else {
    load();
  }
})();

"""#
}
