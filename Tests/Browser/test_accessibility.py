"""Accessibility checked, not claimed (issue 16): axe-core runs on every kind of page the site
has, in light and in dark mode, and finds no violation of any impact.

The site is the sample handbook in a fresh git repository whose last commit publishes
counterfeit-and-ip 3.3 (so version and diff pages exist), with a campaign for it (so the
learner home lists tasks and the SOP page shows the read-and-acknowledge banner). Static
pages are opened from disk; the quiz player, the learner home and the reports dashboard
against `casebook serve`, in each state a user sees them. A page kind the site gains later
fails `test_every_page_kind_of_the_built_site_is_checked` until it is added here."""
import os
import re
import shutil
import sqlite3
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from a11y import axe_version, check_schemes
from conftest import ROOT, add_user, api_client, casebook, quiz_sign_in, reissue, sample_repo_with_update, start_quiz, start_server, stop_server

SOP = "counterfeit-and-ip"

# Every HTML file of the built site is one of these kinds (path pattern -> the page checked for it).
STATIC_KINDS = {
    "home": (r"index\.html", "index.html"),
    "SOP page": (r"sop/[^/]+\.html", f"sop/{SOP}.html"),
    "translation": (None, f"sop/{SOP}-th.html"),
    "right-to-left translation": (None, "sop/moderator-wellbeing-ar.html"),
    "SOP page with raw HTML": (None, "sop/review-tool-shortcuts.html"),
    "category": (r"category/[^/]+\.html", "category/policies.html"),
    "tag index": (r"tags/index\.html", "tags/index.html"),
    "tag": (r"tags/[^/]+\.html", "tags/counterfeit.html"),
    "market index": (r"markets/index\.html", "markets/index.html"),
    "market": (r"markets/[^/]+\.html", "markets/id.html"),
    "codes index": (r"codes/index\.html", "codes/index.html"),
    "code family": (r"codes/[^/]+\.html", "codes/IP.html"),
    "what's new": (r"whats-new\.html", "whats-new.html"),
    "versions": (r"sop/[^/]+/versions\.html", f"sop/{SOP}/versions.html"),
    "diff": (r"sop/[^/]+/diff-[^/]+\.html", f"sop/{SOP}/diff-3.2-3.3.html"),
    "search results": (r"search\.html", "search.html?q=" + quote("counterfeit replica")),
    "404": (r"404\.html", "/no-such-page.html"),  # its links are site-absolute: served at any missing path
}
# Pages whose every state is checked against the server below.
SERVED_KINDS = {r"quiz\.html": "quiz sign-in, learner home, question, feedback, result",
                r"reports\.html": "reports sign-in and dashboard"}


# Two questions, one of them citing two SOP sections (q-ip-replica-wording).
REPLICA_BLUEPRINT = """id: replica-wording
title: Replica wording
description: The two replica wording questions.
questions: 2
mode: practice
pass_mark: 50
time_limit: 0
attempts: 0
markets: []
kinds: [knowledge]
mix:
  - name: Replica wording
    tags: [replica]
    count: 2
"""


# A page as imported handbooks write them, with raw HTML (comments, keys, a table with line
# breaks, a folded example, a centred image, an embedded video, a table whose cell holds a
# Markdown list after a blank line, a checklist, a framework's tag shown as text): it renders
# as HTML that axe finds nothing wrong with.
RAW_HTML_PAGE = """---
id: review-tool-shortcuts
title: Review tool shortcuts
summary: Keys of the review tool, with a worked example.
owner: Moderation Operations
version: "1.0"
effective: 2026-11-02
status: published
markets: [UK, ID]
---

<!-- Keep in step with the tool's release notes. -->

Press <kbd>R</kbd> to remove a listing and <kbd>Shift</kbd>+<kbd>E</kbd> to escalate it to the
<abbr title="Intellectual property">IP</abbr> queue.

<table>
<tr><th scope="col">Key</th><th scope="col">Action</th></tr>
<tr><td><kbd>A</kbd></td><td>Approve<br>(logs the decision)</td></tr>
<tr><td><kbd>R</kbd></td><td><b>Remove</b></td></tr>
</table>

<details>
<summary>Worked example: a replica bag</summary>

1. Open the listing and compare the logo with the brand guide.
2. Press <kbd>R</kbd> and pick the code.

</details>

<div align="center">
<iframe src="https://videos.example.org/embed/shortcuts" title="Shortcuts walkthrough"></iframe>
</div>

<table>
<tr><th scope="col">Signal</th><th scope="col">What to do</th></tr>
<tr>
<td>Logo mismatch</td>
<td>

- Compare with the brand guide.
- Remove under `IP-01`.

</td>
</tr>
</table>

<div>
  <input type="checkbox" id="check-seller"> <label for="check-seller">Seller history checked</label>
  <input type="checkbox" checked> <label>Evidence saved as <Evidence-Tag></label>
</div>
"""


@pytest.fixture(scope="module")
def served():
    work, content = sample_repo_with_update("casebook-a11y-")
    with open(os.path.join(content, "operations", "review-tool-shortcuts.md"), "w", encoding="utf-8") as f:
        f.write(RAW_HTML_PAGE)
    quizzes = os.path.join(work, "Quizzes")
    shutil.copytree(os.path.join(ROOT, "Quizzes"), quizzes)
    with open(os.path.join(quizzes, "blueprints", "replica-wording.yml"), "w", encoding="utf-8") as f:
        f.write(REPLICA_BLUEPRINT)
    site = os.path.join(work, "site")
    build = casebook("build", "--content", content, "--out", site)
    assert build.returncode == 0, build.stderr
    with open(os.path.join(site, "sop", "review-tool-shortcuts.html"), encoding="utf-8") as f:
        page = f.read()
    assert "<kbd>R</kbd>" in page and "<details>" in page and "<br>" in page and "Keep in step" not in page, page
    # The list after a blank line stays in its cell; the boxes are characters; the tag is text.
    assert "<td>\n<ul>\n<li>Compare with the brand guide.</li>" in page and "\u2610" in page and "\u2611" in page, page
    assert "&lt;Evidence-Tag&gt;" in page and "type=\"checkbox\"" not in page, page
    db = os.path.join(work, "cb.db")
    tokens = {"tara": add_user(db, "tara", "trainer", "", "ID"), "lead-id": add_user(db, "lead-id", "lead", "id-listings", "ID")}
    for user, team in [("amina", "id-listings"), ("budi", "id-listings"), ("chai", "th-live")]:
        tokens[user] = add_user(db, user, "moderator", team, "ID")
    with sqlite3.connect(db) as c:
        c.execute("INSERT INTO acknowledgements (learner_id, sop_id, version, acknowledged_at) VALUES ('amina', ?, '3.2', '2026-10-01T09:00:00.000Z')", (SOP,))
    create = casebook("campaigns", "create", SOP, "--version", "3.3", "--due", "2026-01-02", "--today", "2026-01-01", "--markets", "ID",
                      "--content", content, "--quizzes", quizzes, "--db", db)
    assert create.returncode == 0, create.stderr
    proc, base = start_server(site, db, content=content, quizzes=quizzes)
    # Finished attempts (and a contested key) for the reports dashboard.
    for i, user in enumerate(["budi", "chai"]):
        call = api_client(base, tokens[user])
        _, started = call("POST", "/api/attempts", {"blueprint": "onboarding-week-1"})
        for position in range(started["questions"]):
            call("POST", f"/api/attempts/{started['attempt']}/answers", {"position": position, "chosen": [i % 2]})
        call("POST", f"/api/attempts/{started['attempt']}/finish")
        if user == "budi":
            call("POST", "/api/contests", {"attempt": started["attempt"], "position": 0, "comment": "The key looks wrong"})
    yield {"base": base, "db": db, "site": site}
    stop_server(proc)
    shutil.rmtree(work, ignore_errors=True)


def test_axe_is_version_4(browser, served):
    browser.get("file://" + os.path.join(served["site"], "404.html"))
    assert axe_version(browser).startswith("4.")


@pytest.mark.parametrize("kind", list(STATIC_KINDS))
def test_static_page_kind_has_no_violations(browser, served, kind):
    _, page = STATIC_KINDS[kind]
    if page.startswith("/"):
        browser.get(served["base"] + page)
    else:
        path, _, query = page.partition("?")
        assert os.path.exists(os.path.join(served["site"], path)), f"the sample site has no {path} for the kind {kind}"
        browser.get("file://" + os.path.join(served["site"], path) + ("?" + query if query else ""))
    if kind == "search results":
        WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-page-results .search-result"))
    check_schemes(browser, kind)


@pytest.mark.parametrize("page", ["index.html", f"sop/{SOP}.html", "codes/IP.html", "search.html?q=zzqxv"])
def test_on_a_phone_and_with_no_search_results(browser, served, page):
    path, _, query = page.partition("?")
    browser.set_window_size(390, 844)
    try:
        browser.get("file://" + os.path.join(served["site"], path) + ("?" + query if query else ""))
        if query:
            WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.getElementById('search-page-results').textContent.trim().length > 0"))
        check_schemes(browser, f"{page} on a phone")
    finally:
        browser.set_window_size(1280, 900)


def test_every_page_kind_of_the_built_site_is_checked(served):
    patterns = [p for p, _ in STATIC_KINDS.values() if p] + list(SERVED_KINDS)
    unknown = []
    for folder, _, files in os.walk(served["site"]):
        for name in files:
            rel = os.path.relpath(os.path.join(folder, name), served["site"]).replace(os.sep, "/")
            if not rel.endswith(".html") or any(re.fullmatch(p, rel) for p in patterns):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                # A redirect page (an old address of a page) sends the browser on at once, so
                # axe sees the page it leads to, which is checked above.
                if '<meta http-equiv="refresh" content="0; ' in f.read():
                    continue
            unknown.append(rel)
    assert not unknown, f"pages of a kind test_accessibility.py does not check: {sorted(unknown)[:10]}"


def test_search_box_with_its_results_open(browser, served):
    browser.get("file://" + os.path.join(served["site"], "index.html"))
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("counterfeit")
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "site-search-option-0"))
    box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant") == "site-search-option-0"
    # The listbox holds options only; "all results" is the last of them, reached with the arrow keys.
    assert browser.execute_script("return Array.from(document.getElementById('site-search-results').children).every(function (c) { return c.getAttribute('role') === 'option'; })")
    box.send_keys(Keys.ARROW_UP)
    assert box.get_attribute("aria-activedescendant") == "site-search-option-more"
    check_schemes(browser, "search box with its results open")


def test_sop_page_with_the_read_and_acknowledge_banner(browser, served):
    quiz_sign_in(browser, served)
    check_schemes(browser, "learner home with tasks")
    browser.get(served["base"] + "/sop/" + SOP + ".html")
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("var s = document.getElementById('read-ack'); return s && s.getAttribute('data-state') === 'shown'"))
    check_schemes(browser, "SOP page with the read-and-acknowledge banner")


def play(browser, title, on_question, on_feedback=None):
    """Plays the quiz titled `title` to its end, picking the first option each time; calls
    on_question(n) before each answer and on_feedback(n, feedback) after it (without
    on_feedback: an exam, whose feedback comes with the result)."""
    start_quiz(browser, title)
    wait = WebDriverWait(browser, 10)
    progress = "var p = document.querySelector('.quiz-progress'); return p ? p.textContent : '';"
    for n in range(40):
        shown = wait.until(lambda d: d.find_elements(By.ID, "quiz-form") or d.find_elements(By.XPATH, "//h2[starts-with(., 'Result:')]"))
        if shown[0].tag_name == "h2":
            return
        on_question(n)
        reveal = browser.find_elements(By.CSS_SELECTOR, ".content-warning button")
        if reveal:
            browser.execute_script("arguments[0].click()", reveal[0])
        browser.find_element(By.TAG_NAME, "body").send_keys("1")
        before = browser.execute_script(progress)
        browser.execute_script("arguments[0].click()", browser.find_element(By.CSS_SELECTOR, "#quiz-form button[type=submit]"))
        if on_feedback is None:
            wait.until(lambda d: d.execute_script(progress) != before or d.find_elements(By.XPATH, "//h2[starts-with(., 'Result:')]"))
            continue
        feedback = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.feedback")))
        links = feedback.find_elements(By.CSS_SELECTOR, "a[href^='/sop/']")
        # The SOP links are a list, one link per item, so they never run together.
        assert links and links == feedback.find_elements(By.CSS_SELECTOR, "ul.sop-links > li > a[href^='/sop/']")
        on_feedback(n, feedback)
        next_button = feedback.find_element(By.XPATH, "./button[@type='button']")  # not the contest box's Send
        browser.execute_script("arguments[0].click()", next_button)
    pytest.fail("the quiz did not end")


def test_quiz_sign_in_home_question_feedback_and_result(browser, served):
    browser.delete_all_cookies()
    browser.get(served["base"] + "/quiz.html")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "quiz-token")))
    check_schemes(browser, "quiz sign-in")
    quiz_sign_in(browser, served, "chai")
    check_schemes(browser, "learner home")
    seen = set()

    def on_question(n):
        if n == 0:
            check_schemes(browser, "question")
        if "warning" not in seen and browser.find_elements(By.CSS_SELECTOR, ".content-warning button"):
            check_schemes(browser, "question with a content warning")
            seen.add("warning")
        # An image of a sensitive case opens only after the reveal, so the viewer is checked on
        # the first image that is not behind a content warning, or, when the draw gave only
        # sensitive ones, after revealing one (the draw order varies: a run that drew no plain
        # image failed here).
        def openers():
            return [o for o in browser.find_elements(By.CSS_SELECTOR, "#quiz-app .media-open")
                    if o.is_displayed() and not browser.execute_script("return !!arguments[0].closest('.sensitive:not(.revealed)')", o)]
        opener = openers()
        if "viewer" not in seen and not opener and "warning" in seen:
            for button in browser.find_elements(By.CSS_SELECTOR, ".content-warning button"):
                if browser.execute_script("return !!arguments[0].closest('.case-card').querySelector('.media-open')", button):
                    browser.execute_script("arguments[0].click()", button)
                    opener = openers()
                    break
        if "viewer" not in seen and opener:
            browser.execute_script("arguments[0].click()", opener[0])
            WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".media-viewer[role=dialog]")))
            check_schemes(browser, "full-size image viewer")
            browser.switch_to.active_element.send_keys(Keys.ESCAPE)
            WebDriverWait(browser, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".media-viewer"))
            seen.add("viewer")

    def on_feedback(n, feedback):
        if n == 0:
            check_schemes(browser, "feedback")

    play(browser, "Onboarding week 1 - core policies", on_question, on_feedback)
    check_schemes(browser, "result")
    assert "viewer" in seen, "a question with an image was seen"


def test_exam_result_with_its_review(browser, served):
    quiz_sign_in(browser, served, "budi")
    play(browser, "Recertification - restricted items v5.0 (September 2026)", lambda n: None)
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#quiz-app ol li")))
    check_schemes(browser, "exam result with the review of each answer")


def test_feedback_lists_several_sop_links(browser, served):
    quiz_sign_in(browser, served, "chai")
    several = []

    def on_feedback(n, feedback):
        items = feedback.find_elements(By.CSS_SELECTOR, "ul.sop-links > li")
        if len(items) >= 2:
            assert items[0].location["y"] < items[1].location["y"], "each SOP link on its own line"
            assert [i.text for i in items] == ["SOP: Counterfeit and intellectual property › IP-03 Replica disclaimers and copy wording",
                                               "SOP: Counterfeit and intellectual property › IP-02 Misuse of brand names in listings"], [i.text for i in items]
            check_schemes(browser, "feedback with several SOP links")
            several.append(n)

    play(browser, "Replica wording", lambda n: None, on_feedback)
    assert len(several) == 1, "q-ip-replica-wording cites two sections"


def test_reports_for_a_moderator(browser, served):
    browser.delete_all_cookies()
    browser.get(served["base"] + "/reports.html")
    box = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "reports-token")))
    box.send_keys(reissue(served["db"], "amina"))
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: not d.find_elements(By.ID, "reports-token"))
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.getElementById('reports-app').textContent.trim().length > 0"))
    check_schemes(browser, "reports page for a moderator")


@pytest.mark.parametrize("user", ["tara", "lead-id"])
def test_reports_sign_in_and_dashboard(browser, served, user):
    browser.delete_all_cookies()
    browser.get(served["base"] + "/reports.html")
    box = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "reports-token")))
    check_schemes(browser, "reports sign-in")
    box.send_keys(reissue(served["db"], user))
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#reports-app .dashboard")))
    check_schemes(browser, f"reports dashboard for {user}")
