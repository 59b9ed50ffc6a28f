// Casebook quiz player. Needs `casebook serve`; no external requests.
(function () {
  "use strict";
  var app = document.getElementById("quiz-app");
  if (!app || !window.CasebookUI) return;
  var live = document.getElementById("quiz-live");
  var state = { attempt: null, question: null, chosen: new Set(), deadline: null, timer: null, mode: null };

  var ui = window.CasebookUI, el = ui.el, api = ui.api, tr = ui.tr, announce = ui.announcer(live);
  function screen(children, focus) {
    app.textContent = "";
    children.forEach(function (c) { if (c) app.appendChild(c); });
    var target = focus || app.querySelector("h2");
    if (target) { target.setAttribute("tabindex", "-1"); target.focus(); }
  }
  // ---- Sign in ----
  async function loginScreen(message) {
    // Before sign-in only the browser's language is known (what Accept-Language says).
    await ui.loadLanguage(((navigator.languages && navigator.languages[0]) || navigator.language || "").split("-")[0].toLowerCase());
    var parts = ui.signIn({ inputId: "quiz-token", title: tr("quiz.sign_in_title"), message: message,
                            help: tr("quiz.sign_in_help"),
                            signedIn: home, failed: loginScreen });
    screen(parts.nodes, parts.input);
  }

  // ---- Blueprints and resume ----
  async function home() {
    var me = await api("GET", "me");
    if (me.status === 401) return loginScreen();
    await ui.loadLanguage(me.data.lang, me.data.dir);
    var lists = await Promise.all([api("GET", "blueprints"), api("GET", "attempts"), api("GET", "tasks"), api("GET", "home")]);
    var mine = (lists[1].data || []).filter(function (a) { return a.learner === me.data.id; });
    var open = mine.filter(function (a) { return !a.finished; });
    var items = (lists[0].data || []).map(function (b) {
      var meta = tr("quiz.questions", { count: b.questions }) + " · " + (b.mode === "exam" ? tr("quiz.mode_exam") : tr("quiz.mode_practice", { mode: b.mode })) +
        (b.time_limit ? " · " + tr("quiz.minutes", { count: b.time_limit }) : "") + " · " + tr("quiz.pass_mark", { percent: percent(b.pass_mark) }) +
        (b.attempts_left === null ? "" : " · " + tr("quiz.attempts_left", { count: b.attempts_left }));
      return el("li", { class: "card" }, [el("h3", { text: b.title }), el("p", { text: b.description }), el("p", { class: "when", text: meta }),
        el("button", { class: "button", type: "button", disabled: b.attempts_left === 0 ? "disabled" : null, "aria-label": tr("quiz.start_named", { title: b.title }),
          onclick: function () { start(b.id); }, text: tr("quiz.start") })]);
    });
    var resume = open.length ? el("p", {}, [el("button", { class: "button", type: "button", text: tr("quiz.resume", { blueprint: open[open.length - 1].blueprint }),
      onclick: function () { run(open[open.length - 1].id); } })]) : null;
    var past = mine.filter(function (a) { return a.finished; }).slice(-5).reverse().map(function (a) {
      return el("li", { text: a.blueprint + ": " + (a.percent === null ? "-" : percent(a.percent)) + " · " + (a.passed ? tr("quiz.passed") : tr("quiz.not_passed")) });
    });
    // The learner's open tasks first, soonest due first (as the API sends them), each with
    // what to do: the SOP page to read and acknowledge, or the quiz to start.
    var tasks = (lists[2].status === 200 && Array.isArray(lists[2].data) ? lists[2].data : []).map(function (t) {
      var action = null;
      if (t.kind === "acknowledge" && t.url) action = el("a", { class: "button", href: t.url, text: tr("quiz.read_and_acknowledge"), "aria-label": t.title });
      else if ((t.kind === "pass_blueprint" || t.kind === "take_part") && t.blueprint) action = el("button", { class: "button", type: "button", text: tr("quiz.start"), "aria-label": tr("quiz.start_task", { title: t.title }), onclick: function () { start(t.blueprint); } });
      return el("li", { class: "card task" + (t.overdue ? " overdue" : "") }, [el("h4", { text: t.title }),
        el("p", { class: "when" }, [t.overdue ? el("strong", { class: "overdue-mark", text: tr("quiz.overdue") }) : null, document.createTextNode(tr("quiz.due", { date: t.due }))]), action]);
    });
    var taskList = tasks.length ? el("section", { class: "tasks", "aria-labelledby": "tasks-heading" }, [
      el("h3", { id: "tasks-heading", text: tr("quiz.your_tasks", { count: tasks.length }) }), el("ul", { class: "cards" }, tasks)]) : null;
    var reports = me.data.role === "trainer" || me.data.role === "lead" ? el("p", {}, [el("a", { href: "reports.html",
      text: tr(me.data.role === "lead" ? "quiz.reports_link_team" : "quiz.reports_link") })]) : null;
    screen([el("h2", { text: tr("quiz.heading") }), el("p", { class: "when", text: tr("quiz.signed_in_as", { id: me.data.id, role: me.data.role }) }), languagePicker(me.data), taskList].concat(learnerHome(lists[3])).concat([reports, resume,
            taskList ? el("h3", { text: tr("quiz.all_quizzes") }) : null, el("ul", { class: "cards" }, items), past.length ? el("h3", { text: tr("quiz.recent_results") }) : null, past.length ? el("ul", {}, past) : null]));
  }

  // ---- The learner's home (GET /api/home): paths, certificates, due for review ----
  // Shown after the open tasks. Every string goes in as text (el's text / createTextNode),
  // progress bars carry their figures in text, and each part has its own heading.
  function learnerHome(r) {
    if (!r || r.status !== 200 || !r.data) return [];
    var h = r.data;
    return [homePaths(h.paths || []), homeCertificates(h.certificates || []), homeReview(h.review)];
  }

  // A whole-number percentage in the user's language (12 -> "12%", "12 %").
  function percent(n) {
    try { return (n / 100).toLocaleString(window.casebookLanguage || undefined, { style: "percent", maximumFractionDigits: 0 }); } catch (e) { return n + "%"; }
  }

  // The user's language, changeable here (POST /api/me/language {"lang"}); the page reloads in it.
  function languagePicker(me) {
    if (!me.languages || me.languages.length < 2) return null;
    var select = el("select", { id: "quiz-language", onchange: async function () {
      var r = await api("POST", "me/language", { lang: select.value });
      if (r.status === 200) location.reload(); else announce(r.data.error || tr("quiz.error"));
    } }, me.languages.map(function (l) {
      return el("option", { value: l.code, lang: l.code, selected: l.code === me.lang ? "selected" : null, text: l.name });
    }));
    return el("p", { class: "quiz-language" }, [el("label", { for: "quiz-language", text: tr("quiz.language") + " " }), select]);
  }

  function homePaths(paths) {
    if (!paths.length) return null;
    var cards = paths.map(function (p, i) {
      var id = "home-path-" + i;
      var figure = tr("quiz.steps_done", { done: p.done, count: p.total });
      var parts = [el("h4", { id: id, text: p.title }),
        el("p", { class: "path-progress" }, [el("progress", { max: String(Math.max(p.total, 1)), value: String(p.done), "aria-labelledby": id, "aria-valuetext": figure }),
          el("span", { text: " " + figure })])];
      if (p.complete) parts.push(el("p", { text: p.certificate ? tr("quiz.path_complete_certificate", { certificate: p.certificate }) : tr("quiz.path_complete") }));
      else if (p.next) parts.push(el("p", {}, [el("strong", { text: tr("quiz.path_next") }), document.createTextNode(tr("quiz.path_next_due", { title: p.next.title, date: p.next.due })),
        p.next.overdue ? el("strong", { class: "overdue-mark", text: tr("quiz.path_overdue") }) : null]));
      if (p.blocked.length) parts.push(el("p", { class: "when", text: tr("quiz.path_blocked") }),
        el("ul", { class: "blocked-steps" }, p.blocked.map(function (b) { return el("li", { text: tr("quiz.path_waits", { title: b.title, steps: b.blocked_by.join(", ") }) }); })));
      return el("li", { class: "card home-path" + (p.complete ? " complete" : "") }, parts);
    });
    return el("section", { class: "home-paths", "aria-labelledby": "home-paths-heading" }, [
      el("h3", { id: "home-paths-heading", text: tr("quiz.your_paths") }), el("ul", { class: "cards" }, cards)]);
  }

  function homeCertificates(certs) {
    if (!certs.length) return null;
    var items = certs.map(function (c) {
      var left = c.expired ? tr("quiz.cert_expired", { date: c.expires }) : c.days_left === 0 ? tr("quiz.cert_today") : tr("quiz.cert_expires", { count: c.days_left, date: c.expires });
      return el("li", { class: "card certificate" + (c.expired ? " overdue" : "") }, [el("h4", { text: c.certificate }),
        el("p", { text: tr("quiz.cert_granted", { path: c.path_title, date: c.granted }) }),
        el("p", {}, [c.expired || c.days_left <= 30 ? el("strong", { class: "overdue-mark", text: left }) : document.createTextNode(left)])]);
    });
    return el("section", { class: "home-certificates", "aria-labelledby": "home-certs-heading" }, [
      el("h3", { id: "home-certs-heading", text: tr("quiz.your_certificates") }), el("ul", { class: "cards" }, items)]);
  }

  function homeReview(r) {
    if (!r) return null;
    var body;
    if (r.due > 0) {
      body = [el("p", { text: tr("quiz.review_due", { count: r.due, percent: percent(Math.round(r.target_recall * 100)) }) }),
        el("ul", { class: "review-sections" }, r.sections.map(function (s) {
          return el("li", { text: tr("quiz.review_section", { title: s.title, due: s.due, seen: s.seen, percent: percent(Math.round(s.recall * 100)) }) });
        })),
        el("button", { class: "button", type: "button", text: tr("quiz.start_named", { title: r.title }), onclick: function () { start(r.blueprint); } })];
    } else if (!r.history) {
      body = [el("p", { text: tr("quiz.review_none_yet") })];
    } else {
      body = [el("p", { text: tr("quiz.review_none_due") + (r.next_due ? " " + tr("quiz.review_next_due", { date: r.next_due }) : "") })];
    }
    return el("section", { class: "home-review", "aria-labelledby": "home-review-heading" }, [el("h3", { id: "home-review-heading", text: tr("quiz.due_for_review") })].concat(body));
  }

  async function start(blueprint) {
    var r = await api("POST", "attempts", { blueprint: blueprint });
    if (r.status !== 201) return screen([el("h2", { text: tr("quiz.cannot_start") }), el("p", { class: "notice", role: "alert", text: r.data.error || tr("quiz.error") }),
      el("button", { class: "button", type: "button", text: tr("quiz.back"), onclick: home })]);
    run(r.data.attempt);
  }

  // ---- Questions ----
  async function run(attempt) {
    state.attempt = attempt;
    var st = await api("GET", "attempts/" + attempt);
    state.mode = st.data.mode;
    state.deadline = st.data.deadline ? new Date(st.data.deadline) : null;
    if (st.data.finished) return finish();
    next();
  }

  function tick() {
    var t = document.getElementById("quiz-timer");
    if (!state.deadline || !t) return;
    var left = Math.max(0, Math.round((state.deadline - new Date()) / 1000));
    t.textContent = tr("quiz.time_left", { time: Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") });
    if (left === 60) announce(tr("quiz.one_minute_left"));
    if (left === 0) { clearInterval(state.timer); finish(); }
  }

  async function next() {
    var r = await api("GET", "attempts/" + state.attempt + "/question");
    if (r.status !== 200) return screen([el("h2", { text: tr("quiz.went_wrong") }), el("p", { role: "alert", text: r.data.error || "" })]);
    if (r.data.done) return finish();
    var q = r.data;
    state.question = q;
    state.chosen = new Set();
    // An adaptive exam numbers its questions in the order it asks them (its positions are a pool's).
    var number = q.adaptive ? q.number : q.position + 1;
    var progress = el("div", { class: "quiz-progress" }, [
      el("span", { text: tr(q.adaptive ? "quiz.question_of_at_most" : "quiz.question_of", { position: number, count: q.questions }) }),
      el("progress", { max: String(q.questions), value: String(number - 1), "aria-label": tr("quiz.progress") }),
      state.deadline ? el("span", { id: "quiz-timer", role: "timer", "aria-live": "off" }) : null
    ]);
    var options = el("fieldset", { class: "quiz-options" }, [el("legend", { text: q.prompt + (q.multiple ? " " + tr("quiz.select_all") : "") })].concat(
      q.options.map(function (o, i) {
        var input = el("input", { type: q.multiple ? "checkbox" : "radio", name: "option", id: "opt-" + i, value: String(i),
          onchange: function () { if (q.multiple) { input.checked ? state.chosen.add(i) : state.chosen.delete(i); } else { state.chosen = new Set([i]); } } });
        return el("div", { class: "quiz-option" }, [input, el("label", { for: "opt-" + i }, [el("kbd", { text: String(i + 1) }), document.createTextNode(" " + o)])]);
      })));
    var submit = el("button", { class: "button", type: "submit", text: tr("quiz.submit") });
    var form = el("form", { id: "quiz-form", onsubmit: function (e) { e.preventDefault(); answer(); } }, [options, submit]);
    screen([el("h2", { class: "visually-hidden", text: tr("quiz.question_number", { position: number }) }), progress, reviewNote(q.note), q.case ? caseCard(q.case) : null, form,
            el("p", { class: "when", text: tr("quiz.keys_help", { count: q.options.length }) })], options.querySelector("input"));
    if (state.deadline) { clearInterval(state.timer); state.timer = setInterval(tick, 1000); tick(); }
  }

  // An item being reviewed after an SOP change (practice only): said with the question and its feedback.
  function reviewNote(text) {
    return text ? el("p", { class: "review-note", role: "note", text: text }) : null;
  }

  function caseCard(c) {
    var body = el("div", { class: "case-content" }, [el("p", { class: "case-meta", text: [c.type, c.market, c.price, c.source].filter(Boolean).join(" · ") }),
      el("h3", { class: "case-title", text: c.title })].concat(c.sections.map(function (s) {
        return el("section", { class: "case-section" }, [el("h4", { text: s.title }), el("p", { class: "case-text", text: s.text })]);
      }), c.media.map(function (m) { return caseMedia(m, c.sensitive); })));
    if (!c.sensitive) return el("article", { class: "case-card", "aria-label": tr("quiz.case") }, [body]);
    body.setAttribute("aria-hidden", "true");
    body.setAttribute("inert", "");
    var reveal = el("button", { class: "button", type: "button", text: tr("quiz.show_content") });
    var warning = el("div", { class: "content-warning", role: "note" }, [el("strong", { text: tr("quiz.content_warning") }),
      el("span", { text: tr("quiz.content_warning_text") }), reveal]);
    var card = el("article", { class: "case-card sensitive", "aria-label": tr("quiz.sensitive_case") }, [warning, body]);
    reveal.addEventListener("click", function () { card.classList.add("revealed"); body.removeAttribute("aria-hidden"); body.removeAttribute("inert"); warning.remove(); body.querySelector("h3").setAttribute("tabindex", "-1"); body.querySelector("h3").focus(); showMedia(card, true); });
    revealRemembered(card, reveal, warning, body);
    return card;
  }

  // Case media (served by /api/media only): images inline with their alt text, thumbnail
  // first, the full image on click or Enter; clips with controls, muted, never autoplaying,
  // poster first. In a sensitive case only the server's blurred thumbnail is loaded until
  // the moderator reveals the case; the reveal is remembered for the attempt, and "Hide
  // again" goes back to the blurred thumbnail.
  function caseMedia(m, sensitive) {
    if (!m.url) return el("figure", { class: "case-media" }, [el("div", { class: "media-placeholder", role: "img", "aria-label": m.alt, text: tr("quiz.image") }), el("figcaption", { text: m.alt })]);
    var shown = sensitive ? "blur" : "thumb";
    var view;
    if (m.clip) {
      view = el("video", { class: "media-clip", controls: "", muted: "", preload: "none", playsinline: "", "aria-label": m.alt });
      view.muted = true; view.autoplay = false;
      view.dataset.base = m.url;
      if (!sensitive) { view.poster = m.url + "poster"; view.src = m.url + "full"; } else { view.poster = m.url + "blur"; }
    } else {
      var img = el("img", { class: "media-image", src: m.url + shown, alt: m.alt, loading: "lazy" });
      img.dataset.base = m.url;
      view = el("button", { class: "media-open", type: "button", "aria-label": tr("quiz.open_full_size", { alt: m.alt }) }, [img]);
      view.addEventListener("click", function () { if (!img.closest(".sensitive:not(.revealed)")) openViewer(view); });
    }
    return el("figure", { class: "case-media" }, [view, el("figcaption", { text: m.alt })]);
  }

  // Swaps a card's media between the blurred thumbnail and the real thumbnail/poster.
  function showMedia(card, revealed) {
    card.querySelectorAll(".media-image").forEach(function (img) { img.src = img.dataset.base + (revealed ? "thumb" : "blur"); });
    card.querySelectorAll(".media-clip").forEach(function (v) {
      if (revealed) { v.poster = v.dataset.base + "poster"; v.src = v.dataset.base + "full"; } else { v.pause(); v.removeAttribute("src"); v.load(); v.poster = v.dataset.base + "blur"; }
    });
    var key = "cb-reveal-" + state.attempt + "-" + (state.question ? state.question.position : "");
    try { if (revealed) sessionStorage.setItem(key, "1"); else sessionStorage.removeItem(key); } catch (e) { /* storage off: not remembered */ }
    var hide = card.querySelector(".media-hide");
    if (revealed && !hide && card.querySelector(".case-media img, .case-media video")) {
      hide = el("button", { class: "button media-hide", type: "button", text: tr("quiz.hide_again") });
      hide.addEventListener("click", function () {
        showMedia(card, false); card.classList.remove("revealed"); hide.remove();
        // The blurred card again, with the focus on its "Show the content" (the button that
        // had it is gone; without this a keyboard user is sent back to the top of the page).
        var hidden = caseCard(state.question.case);
        card.replaceWith(hidden);
        hidden.querySelector(".content-warning button").focus();
      });
      card.appendChild(hide);
    }
  }

  function revealRemembered(card, reveal, warning, body) {
    var key = "cb-reveal-" + state.attempt + "-" + (state.question ? state.question.position : "");
    var remembered = false;
    try { remembered = sessionStorage.getItem(key) === "1"; } catch (e) { remembered = false; }
    if (!remembered) return;
    card.classList.add("revealed"); body.removeAttribute("aria-hidden"); body.removeAttribute("inert"); warning.remove();
    showMedia(card, true);
  }

  // A zoomable full-size viewer: Enter or click opens, arrows move between the case's
  // images, + and - (or a click on the image) zoom, Tab stays in it, Escape closes, focus
  // returns to the image that opened it.
  function openViewer(opener) {
    var all = Array.prototype.slice.call(document.querySelectorAll(".media-open"));
    var index = all.indexOf(opener);
    var img = el("img", { class: "viewer-image", alt: "" });
    var caption = el("p", { class: "viewer-caption" });
    var help = el("p", { class: "viewer-keys", text: tr("quiz.viewer_keys") });
    var close = el("button", { class: "button", type: "button", text: tr("quiz.close") });
    var dialog = el("div", { class: "media-viewer", role: "dialog", "aria-modal": "true", "aria-label": tr("quiz.image_viewer"), tabindex: "-1" }, [img, caption, help, close]);
    function show(i) {
      index = (i + all.length) % all.length;
      var small = all[index].querySelector("img");
      img.src = small.dataset.base + "full"; img.alt = small.alt; caption.textContent = small.alt;
    }
    function done() { dialog.remove(); document.removeEventListener("keydown", keys, true); opener.focus(); }
    // A modal dialog: no key reaches the quiz behind it (a number key would change the
    // answer); Enter and Space still press Close, whose default action this does not stop.
    function keys(e) {
      e.stopPropagation();
      var handled = true;
      if (e.key === "Escape") done();
      else if (e.key === "ArrowRight") show(index + 1);
      else if (e.key === "ArrowLeft") show(index - 1);
      else if (e.key === "+" || e.key === "=") img.classList.add("zoomed");
      else if (e.key === "-") img.classList.remove("zoomed");
      // The focus stays in the dialog: Close is its only control, so Tab and Shift+Tab stay on it.
      else if (e.key === "Tab") close.focus();
      else handled = false;
      if (handled) e.preventDefault();
    }
    img.addEventListener("click", function () { img.classList.toggle("zoomed"); });
    close.addEventListener("click", done);
    document.addEventListener("keydown", keys, true);
    document.body.appendChild(dialog);
    show(index);
    close.focus();
  }

  document.addEventListener("keydown", function (e) {
    var q = state.question, form = document.getElementById("quiz-form");
    if (!q || !form || e.target.tagName === "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) return;
    var n = parseInt(e.key, 10);
    if (n >= 1 && n <= q.options.length) {
      var input = document.getElementById("opt-" + (n - 1));
      if (q.multiple) input.checked = !input.checked; else input.checked = true;
      input.dispatchEvent(new Event("change"));
      input.focus();
      e.preventDefault();
    }
  });

  async function answer() {
    var q = state.question;
    if (!state.chosen.size) return announce(tr("quiz.choose_first"));
    var r = await api("POST", "attempts/" + state.attempt + "/answers", { position: q.position, chosen: Array.from(state.chosen) });
    if (r.status === 409) return finish();
    if (r.status !== 200) return announce(r.data.error || tr("quiz.not_saved"));
    if (!r.data.feedback) return next();
    var f = r.data.feedback;
    var verdict = f.correct ? tr("quiz.correct") : (f.score > 0 ? tr("quiz.partly_correct", { percent: percent(Math.round(f.score * 100)) }) : tr("quiz.not_correct"));
    var nextButton = el("button", { class: "button", type: "button", text: tr("quiz.next_question"), onclick: next });
    var panel = el("section", { class: "feedback " + (f.correct ? "right" : "wrong"), "aria-labelledby": "feedback-title" }, [
      el("h3", { id: "feedback-title", text: verdict }),
      el("p", { text: tr("quiz.answer", { answer: f.correct_options.join("; ") }) }),
      f.explanation ? el("p", { class: "case-text", text: f.explanation }) : null,
      reviewNote(f.note),
      f.sections.length ? el("ul", { class: "sop-links" }, f.sections.map(function (s) {
        return el("li", {}, [el("a", { href: s.url, target: "_blank", rel: "noopener", hreflang: s.lang || null, text: tr("quiz.sop_link", { title: s.title }) })]);
      })) : null,
      contestBox(q.position), nextButton]);
    document.getElementById("quiz-form").replaceWith(panel);
    announce(verdict + " " + tr("quiz.answer", { answer: f.correct_options.join("; ") }));
    nextButton.focus();
  }

  function contestBox(position) {
    var text = el("textarea", { id: "contest-" + position, rows: "2", maxlength: "2000" });
    var details = el("details", { class: "contest" }, [el("summary", { text: tr("quiz.contest") }),
      el("label", { for: "contest-" + position, text: tr("quiz.contest_why") }), text,
      el("button", { class: "button secondary", type: "button", text: tr("quiz.send"), onclick: async function () {
        var r = await api("POST", "contests", { attempt: state.attempt, position: position, comment: text.value });
        announce(r.status === 201 ? tr("quiz.contest_sent") : (r.data.error || tr("quiz.contest_failed")));
        if (r.status === 201) details.open = false;
      } })]);
    return details;
  }

  async function finish() {
    clearInterval(state.timer);
    var r = await api("POST", "attempts/" + state.attempt + "/finish");
    var d = r.data;
    state.question = null;
    var sections = Object.keys(d.by_section || {}).sort().map(function (k) {
      var v = d.by_section[k], parts = k.split("#");
      return el("tr", {}, [el("td", {}, [el("a", { href: "/sop/" + parts[0] + ".html#" + parts[1], text: k })]), el("td", { text: v.points + " / " + v.count })]);
    });
    var review = state.mode === "exam" ? (d.review || []).map(function (x) {
      return el("li", {}, [el("p", { text: x.prompt }), el("p", { text: tr(x.correct ? "quiz.reviewed_correct" : "quiz.reviewed_not_correct", { answer: x.correct_options.join("; ") }) }),
        x.explanation ? el("p", { class: "case-text", text: x.explanation }) : null]);
    }) : [];
    var outcome = d.passed ? tr("quiz.passed") : tr("quiz.not_passed");
    var title = el("h2", { text: tr("quiz.result", { percent: percent(d.percent), outcome: outcome }) });
    screen([title, el("p", { text: tr("quiz.pass_mark_line", { percent: percent(d.pass_mark) }) }),
      el("h3", { text: tr("quiz.by_section") }),
      el("div", { class: "table-wrap", role: "region", "aria-label": tr("quiz.scores_by_section"), tabindex: "0" }, [el("table", {}, [el("thead", {}, [el("tr", {}, [el("th", { text: tr("quiz.section") }), el("th", { text: tr("quiz.score") })])]), el("tbody", {}, sections)])]),
      review.length ? el("h3", { text: tr("quiz.answers") }) : null, review.length ? el("ol", {}, review) : null,
      el("button", { class: "button", type: "button", text: tr("quiz.back_to_quizzes"), onclick: home })]);
    announce(tr("quiz.finished", { percent: percent(d.percent), outcome: outcome }));
  }

  if (location.protocol === "file:") {
    screen([el("h2", { text: tr("quiz.needs_server") }), el("p", { text: tr("quiz.needs_server_help") })]);
  } else {
    home();
  }
})();
