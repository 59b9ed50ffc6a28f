// Casebook reports page. Needs `casebook serve`; no external requests.
(function () {
  "use strict";
  var app = document.getElementById("reports-app");
  var form = document.getElementById("reports-filter");
  if (!app || !form || !window.CasebookUI) return;
  var live = document.getElementById("reports-live");
  var fields = ["since", "until", "market", "team", "vendor"];

  var ui = window.CasebookUI, el = ui.el, api = ui.api, tr = ui.tr, announce = ui.announcer(live);

  // The same report as JSON, for spreadsheets and scripts. Made here rather than in the page:
  // it exists only on the server, and the built site links nothing outside itself.
  var json = el("a", { id: "reports-json", href: "/api/reports/gaps", text: tr("js.reports_json") });
  var actions = form.querySelector(".reports-actions");
  if (actions) actions.appendChild(json);

  // The page is built in the site's language; once the viewer's is loaded, its own texts
  // (heading, lead, filter labels) are said in that one, like the dashboard.
  function relabel() {
    document.querySelectorAll("[data-text]").forEach(function (e) { e.textContent = tr(e.getAttribute("data-text")); });
    json.textContent = tr("js.reports_json");
  }

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
  async function loginScreen(message) {
    // Before sign-in only the browser's language is known (what Accept-Language says).
    await ui.loadLanguage(((navigator.languages && navigator.languages[0]) || navigator.language || "").split("-")[0].toLowerCase());
    relabel();
    form.hidden = true;
    var parts = ui.signIn({ inputId: "reports-token", title: tr("js.reports_sign_in_title"), message: message,
                            help: tr("js.reports_sign_in_help"),
                            signedIn: load, failed: loginScreen });
    screen(parts.nodes, parts.input);
  }

  function notForYou(message) {
    form.hidden = true;
    var title = el("h2", { text: tr("js.reports_not_for_you"), tabindex: "-1" });
    screen([title, el("p", { class: "notice", role: "alert", text: message || tr("js.reports_cannot_see") }),
            el("p", {}, [el("a", { href: "quiz.html", text: tr("js.reports_go_to_quizzes") })])], title);
  }

  // ---- The dashboard ----
  async function load() {
    // The dashboard, its headings and this page's messages are in the user's language.
    var me = await api("GET", "me");
    if (me.status === 200 && me.data) {
      await ui.loadLanguage(me.data.lang, me.data.dir);
      relabel();
    }
    var q = query();
    json.href = "/api/reports/gaps" + q;
    app.setAttribute("aria-busy", "true");
    var res;
    try {
      res = await fetch("/api/reports/dashboard" + q, { credentials: "same-origin" });
    } catch (e) {
      app.removeAttribute("aria-busy");
      return screen([el("p", { class: "notice", role: "alert", text: tr("js.reports_unreachable") })]);
    }
    app.removeAttribute("aria-busy");
    if (res.status === 200) {
      var t = document.createElement("template");
      t.innerHTML = await res.text();
      form.hidden = false;
      app.textContent = "";
      app.appendChild(t.content);
      var answers = app.querySelector(".dash-figures dd");
      announce(answers ? tr("js.reports_loaded_answers", { answers: answers.textContent }) : tr("js.reports_loaded"));
      return;
    }
    var data = {};
    try { data = await res.json(); } catch (e) { data = {}; }
    if (res.status === 401) return loginScreen();
    if (res.status === 403) {
      if (me.data.role !== "lead") return notForYou(data.error);
    }
    form.hidden = false;
    screen([el("p", { class: "notice", role: "alert", text: data.error || tr("js.reports_failed", { status: res.status }) })]);
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
    screen([el("h2", { text: tr("js.reports_needs_server") }), el("p", { text: tr("quiz.needs_server_help") })]);
  } else {
    load();
  }
})();
