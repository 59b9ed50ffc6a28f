// Casebook reports page. Needs `casebook serve`; no external requests.
(function () {
  "use strict";
  var app = document.getElementById("reports-app");
  var form = document.getElementById("reports-filter");
  if (!app || !form || !window.CasebookUI) return;
  var live = document.getElementById("reports-live");
  var fields = ["since", "until", "market", "team", "vendor"];

  var ui = window.CasebookUI, el = ui.el, api = ui.api, announce = ui.announcer(live);

  // The same report as JSON, for spreadsheets and scripts. Made here rather than in the page:
  // it exists only on the server, and the built site links nothing outside itself.
  var json = el("a", { id: "reports-json", href: "/api/reports/gaps", text: "Download as JSON" });
  var actions = form.querySelector(".reports-actions");
  if (actions) actions.appendChild(json);

  function screen(children, focus) {
    app.textContent = "";
    children.forEach(function (c) { if (c) app.appendChild(c); });
    if (focus) focus.focus();
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
    var parts = ui.signIn({ inputId: "reports-token", title: "Sign in to see reports", message: message,
                            help: "Use the token from 'casebook users add'. Reports are for trainers and leads.",
                            signedIn: load, failed: loginScreen });
    screen(parts.nodes, parts.input);
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
