"""Read and acknowledge in real headless Chromium: the "changed since you last read it" banner
on an SOP page served by `casebook serve`, the acknowledgement button, and the learner's tasks
on the quiz start page. The content is the sample handbook in a fresh git repository whose
last commit publishes counterfeit-and-ip 3.3 (one section changed since 3.2)."""
import os
import shutil
import sqlite3
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, add_user, casebook, quiz_sign_in as sign_in, sample_repo_with_update, start_server, stop_server

SOP = "counterfeit-and-ip"


@pytest.fixture(scope="module")
def served():
    work, content = sample_repo_with_update("casebook-ack-")
    # The trainer re-reviews the cases citing the changed section (else exams, and so the
    # update quiz, hold them back).
    quizzes = os.path.join(work, "Quizzes")
    shutil.copytree(os.path.join(ROOT, "Quizzes"), quizzes)
    for case in ("2026-w41/c-2026w41-007.md", "2026-w44/c-2026w44-004.md"):
        case_path = os.path.join(quizzes, "cases", case)
        with open(case_path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        lines = ["reviewed: 2026-11-25" if line.startswith("reviewed:") else line for line in lines]
        with open(case_path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
    site = os.path.join(work, "site")
    build = casebook("build", "--content", content, "--out", site)
    assert build.returncode == 0, build.stderr
    db = os.path.join(work, "cb.db")
    add_user(db, "amina", "moderator", "id-listings", "ID")
    # amina read 3.2 before (as the API would have recorded it when 3.2 was served).
    with sqlite3.connect(db) as c:
        c.execute("INSERT INTO acknowledgements (learner_id, sop_id, version, acknowledged_at) VALUES ('amina', ?, '3.2', '2026-10-01T09:00:00.000Z')", (SOP,))
    # A campaign whose due date has passed: read 3.3 and pass a one-question update quiz.
    create = casebook("campaigns", "create", SOP, "--version", "3.3", "--due", "2026-01-02", "--today", "2026-01-01", "--markets", "ID",
                      "--quiz", "1", "--content", content, "--quizzes", quizzes, "--db", db)
    assert create.returncode == 0, create.stderr
    proc, base = start_server(site, db, content=content, quizzes=quizzes)
    yield {"base": base, "db": db, "site": site}
    stop_server(proc)
    shutil.rmtree(work, ignore_errors=True)


def banner_state(browser):
    """Waits until site.js has decided about the banner; returns (state, hidden, text)."""
    wait = WebDriverWait(browser, 10)
    state = wait.until(lambda b: b.execute_script("var s = document.getElementById('read-ack'); return s && s.getAttribute('data-state')"))
    return state, browser.execute_script("return document.getElementById('read-ack').hidden"), \
        browser.execute_script("return document.getElementById('read-ack').textContent")


def test_static_site_and_signed_out_reader_see_no_banner(browser, served):
    # Straight from disk: no request is made, nothing shown, no error.
    browser.get("file://" + os.path.join(served["site"], "sop", SOP + ".html"))
    assert banner_state(browser) == ("static", True, "")
    # Served, but not signed in.
    browser.delete_all_cookies()
    browser.get(served["base"] + "/sop/" + SOP + ".html")
    assert banner_state(browser) == ("signed-out", True, "")


def test_banner_acknowledge_and_gone_after_reload_and_tasks_on_the_quiz_page(browser, served):
    sign_in(browser, served)
    # The quiz start page lists the open tasks first, overdue marked, each linking to what to do.
    tasks = browser.find_elements(By.CSS_SELECTOR, "#quiz-app section.tasks li")
    assert [t.find_element(By.TAG_NAME, "h4").text for t in tasks] == [
        "Read and acknowledge Counterfeit and intellectual property, version 3.3",
        "Pass Update quiz: Counterfeit and intellectual property, version 3.3"]
    assert all("Overdue: due 2026-01-02" in t.text for t in tasks)
    section = browser.find_element(By.CSS_SELECTOR, "#quiz-app section.tasks")
    assert browser.execute_script("""var kids = Array.from(document.getElementById('quiz-app').children);
        return kids.indexOf(arguments[0]) < kids.findIndex(function (e) { return e.matches('ul.cards'); });""", section), "tasks first"
    assert tasks[1].find_element(By.TAG_NAME, "button").get_attribute("aria-label") == \
        "Start: Pass Update quiz: Counterfeit and intellectual property, version 3.3"
    link = tasks[0].find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href") == served["base"] + "/sop/" + SOP + ".html"
    link.click()

    # The banner: what changed since the version read, linking the diff, and the button.
    state, hidden, text = banner_state(browser)
    assert (state, hidden) == ("shown", False)
    assert text.startswith("Changed since you last read it (3.2 \u2192 3.3): 1 section See what changed")
    slot = browser.find_element(By.ID, "read-ack")
    assert slot.get_attribute("role") == "region" and slot.get_attribute("aria-labelledby") == "read-ack-title"
    diff = slot.find_element(By.LINK_TEXT, "See what changed")
    assert diff.get_attribute("href") == served["base"] + "/sop/" + SOP + "/diff-3.2-3.3.html"
    assert urllib.request.urlopen(diff.get_attribute("href"), timeout=5).status == 200
    button = slot.find_element(By.TAG_NAME, "button")
    assert button.text == "I have read version 3.3"
    # By keyboard: focus the button and press Enter.
    browser.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.getElementById('read-ack').hidden"))
    assert browser.find_element(By.ID, "read-ack-status").get_attribute("textContent") == "Thank you: you have acknowledged version 3.3."
    assert browser.execute_script("return document.activeElement.tagName") == "H1"
    # Recorded, and gone after a reload.
    with sqlite3.connect(served["db"]) as c:
        assert [r[0] for r in c.execute("SELECT version FROM acknowledgements WHERE learner_id = 'amina' AND sop_id = ? ORDER BY id", (SOP,))] == ["3.2", "3.3"]
    browser.refresh()
    assert banner_state(browser) == ("acknowledged", True, "")

    # A versioned SOP never acknowledged says so, with the button.
    browser.get(served["base"] + "/sop/pricing-abuse.html")
    state, hidden, text = banner_state(browser)
    assert (state, hidden) == ("shown", False)
    assert text.startswith("You have not read this SOP before.")
    version = browser.execute_script("return document.getElementById('read-ack').getAttribute('data-version')")
    assert browser.find_element(By.CSS_SELECTOR, "#read-ack button").text == "I have read version " + version

    # Back on the quiz page only the quiz is left to do.
    browser.get(served["base"] + "/quiz.html")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#quiz-app .cards")))
    left = browser.find_elements(By.CSS_SELECTOR, "#quiz-app section.tasks li h4")
    assert [h.text for h in left] == ["Pass Update quiz: Counterfeit and intellectual property, version 3.3"]


def test_banner_is_not_printed(browser, served):
    css = urllib.request.urlopen(served["base"] + "/assets/style.css", timeout=5).read().decode()
    print_rules = css[css.index("@media print"):]
    hidden = next(line for line in print_rules.splitlines() if "display: none" in line)
    assert ".read-ack" in hidden
