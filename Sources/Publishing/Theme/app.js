// Casebook page helpers shared by quiz.js and reports.js. No external requests.
window.CasebookUI = (function () {
  "use strict";
  // Interface strings in the page's (or, after loadLanguage, the user's) language.
  function tr(key, values) { return window.casebookText ? window.casebookText(key, values) : key; }

  // Loads assets/i18n/<lang>.js (the strings of `lang`) unless they are loaded already, and
  // sets the page's lang and dir; resolves either way, keeping the strings it had on failure.
  function loadLanguage(lang, dir) {
    return new Promise(function (resolve) {
      if (!lang || !/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(lang) || window.casebookLanguage === lang) { resolve(); return; }
      var script = document.createElement("script");
      script.src = "assets/i18n/" + lang + ".js";
      script.onload = function () {
        document.documentElement.lang = lang;
        if (dir) document.documentElement.dir = dir;
        resolve();
      };
      script.onerror = function () { resolve(); };
      document.head.appendChild(script);
    });
  }

  // An element with attributes ("text" sets textContent, "class" the class, "onX" a listener)
  // and children; null children are skipped.
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

  // A function that says `text` in the polite live region `live` (cleared first, so a
  // repeated message is read again).
  function announcer(live) {
    return function (text) {
      if (!live) return;
      live.textContent = "";
      setTimeout(function () { live.textContent = text; }, 30);
    };
  }

  // Calls /api/PATH; resolves to { status, data } (data is {} when the body is not JSON).
  async function api(method, path, body) {
    var res = await fetch("/api/" + path, { method: method, credentials: "same-origin",
      headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
    var data = {};
    try { data = await res.json(); } catch (e) { data = {}; }
    return { status: res.status, data: data };
  }

  // The sign-in screen's parts: { nodes, input }. The token goes to /api/login; then
  // options.signedIn() runs, or options.failed(message) with the server's reason.
  function signIn(options) {
    var input = el("input", { id: options.inputId, type: "password", autocomplete: "off", required: "required" });
    var form = el("form", { class: "quiz-login", onsubmit: async function (e) {
      e.preventDefault();
      var r = await api("POST", "login", { token: input.value.trim() });
      if (r.status === 200) options.signedIn(); else options.failed(r.data.error || tr("quiz.sign_in_failed"));
    } }, [
      el("label", { for: options.inputId, text: tr("quiz.token_label") }), input,
      el("button", { type: "submit", class: "button", text: tr("quiz.sign_in") })
    ]);
    var nodes = [el("h2", { text: options.title }),
                 options.message ? el("p", { class: "notice", role: "alert", text: options.message }) : null,
                 el("p", { text: options.help }), form];
    return { nodes: nodes, input: input };
  }

  return { el: el, announcer: announcer, api: api, signIn: signIn, tr: tr, loadLanguage: loadLanguage };
})();