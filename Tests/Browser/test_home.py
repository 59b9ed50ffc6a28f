"""The learner home and the lead view in headless Chromium against `casebook serve`: a new
moderator signs in, sees their onboarding path on the quiz page, completes its reading step
(acknowledges the SOP on its page, by keyboard) and its quiz step (passes the blueprint in the
player; the answer key is read from the attempt's drawn questions in the records), and the
certificate appears on the home; their lead sees the team's progress in the dashboard. The
content is the sample handbook in a fresh git repository; the bank is the sample bank plus a
three-question exam and a two-step path."""
import datetime
import json
import os
import shutil
import sqlite3
import tempfile

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, add_user, casebook, git, reissue, start_server, stop_server

SOP = "pricing-abuse"
PATH = """id: browser-onboarding
title: Browser onboarding
description: Read the pricing abuse SOP, then pass the pricing check.
steps:
  - id: read-pricing
    title: Read the pricing abuse SOP
    acknowledge: [pricing-abuse]
    due_days: 3
  - id: pass-check
    title: Pass the pricing check
    pass: home-check
    after: [read-pricing]
    due_days: 7
certificate:
  id: pricing-basics
  valid_days: 180
"""
BLUEPRINT = """id: home-check
title: Pricing check
description: Three knowledge questions.
questions: 3
mode: exam
pass_mark: 100
time_limit: 0
attempts: 0
markets: []
kinds: [knowledge]
"""


@pytest.fixture(scope="module")
def served():
    work = tempfile.mkdtemp(prefix="casebook-home-")
    content = os.path.join(work, "Content")
    shutil.copytree(os.path.join(ROOT, "Content"), content)
    git(work, "init", "-q")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "SOPs as published")
    quizzes = os.path.join(work, "Quizzes")
    shutil.copytree(os.path.join(ROOT, "Quizzes"), quizzes)
    with open(os.path.join(quizzes, "paths", "browser-onboarding.yml"), "w", encoding="utf-8") as f:
        f.write(PATH)
    with open(os.path.join(quizzes, "blueprints", "home-check.yml"), "w", encoding="utf-8") as f:
        f.write(BLUEPRINT)
    site = os.path.join(work, "site")
    build = casebook("build", "--content", content, "--out", site)
    assert build.returncode == 0, build.stderr
    db = os.path.join(work, "cb.db")
    add_user(db, "nadia", "moderator", "onboard-team", "ID")
    add_user(db, "lead-o", "lead", "onboard-team", "ID")
    add_user(db, "other", "moderator", "other-team", "ID")
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    for learner in ("nadia", "other"):
        assign = casebook("paths", "assign", "browser-onboarding", "--learner", learner, "--start", today,
                          "--content", content, "--quizzes", quizzes, "--db", db)
        assert assign.returncode == 0, assign.stderr
    proc, base = start_server(site, db, content=content, quizzes=quizzes)
    yield {"base": base, "db": db, "today": today}
    stop_server(proc)
    shutil.rmtree(work, ignore_errors=True)


def home(browser):
    """Waits for the quiz page's home (the blueprint cards) and returns #quiz-app."""
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#quiz-app .cards")))
    return browser.find_element(By.ID, "quiz-app")


def test_new_moderator_completes_the_path_and_gets_the_certificate_then_the_lead_sees_it(browser, served):
    browser.delete_all_cookies()
    browser.set_window_size(390, 844)  # phone width
    browser.get(served["base"] + "/quiz.html")
    box = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "quiz-token")))
    box.send_keys(reissue(served["db"], "nadia"))
    box.send_keys(Keys.ENTER)
    app = home(browser)

    # The path: nothing done, the reading step next, the quiz step blocked by it.
    path = app.find_element(By.CSS_SELECTOR, "section.home-paths li")
    assert path.find_element(By.TAG_NAME, "h4").text == "Browser onboarding"
    assert "0 of 2 steps done" in path.text
    bar = path.find_element(By.TAG_NAME, "progress")
    assert (bar.get_attribute("value"), bar.get_attribute("max"), bar.get_attribute("aria-valuetext")) == ("0", "2", "0 of 2 steps done")
    due = (datetime.date.fromisoformat(served["today"]) + datetime.timedelta(days=3)).isoformat()
    assert "Next: Read the pricing abuse SOP, due " + due in path.text
    assert [li.text for li in path.find_elements(By.CSS_SELECTOR, "ul.blocked-steps li")] == ["Pass the pricing check: waits for Read the pricing abuse SOP"]
    assert "Nothing to review yet" in app.find_element(By.CSS_SELECTOR, "section.home-review").text
    assert not app.find_elements(By.CSS_SELECTOR, "section.home-certificates")
    headings = [h.text for h in app.find_elements(By.CSS_SELECTOR, "h2, h3")]
    assert headings.index("Your tasks (2)") < headings.index("Your paths") < headings.index("Due for review")
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling at phone width"

    # The reading step: the task links the SOP page, acknowledged there by keyboard.
    link = app.find_element(By.CSS_SELECTOR, "section.tasks a")
    assert link.get_attribute("href") == served["base"] + "/sop/" + SOP + ".html"
    link.click()
    button = WebDriverWait(browser, 10).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#read-ack button")))
    browser.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.getElementById('read-ack').hidden"))

    browser.get(served["base"] + "/quiz.html")
    app = home(browser)
    path = app.find_element(By.CSS_SELECTOR, "section.home-paths li")
    assert "1 of 2 steps done" in path.text and "Next: Pass the pricing check" in path.text
    assert not path.find_elements(By.CSS_SELECTOR, "ul.blocked-steps")

    # The quiz step: started from its task, answered with the keys of the drawn questions.
    start = app.find_element(By.CSS_SELECTOR, "section.tasks button")
    assert start.get_attribute("aria-label") == "Start: Pass Pricing check"
    start.click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".quiz-progress"), "Question 1 of 3"))
    with sqlite3.connect(served["db"]) as c:
        attempt, items = c.execute("SELECT id, items FROM attempts WHERE learner_id = 'nadia' AND blueprint_id = 'home-check' ORDER BY id DESC").fetchone()
    items = json.loads(items)
    assert len(items) == 3
    for position, item in enumerate(items):
        WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".quiz-progress"), f"Question {position + 1} of 3"))
        for i in item["correct"]:
            ActionChains(browser).send_keys(str(i + 1)).perform()  # the player's number keys
        submit = browser.find_element(By.CSS_SELECTOR, "#quiz-form button[type=submit]")
        browser.execute_script("arguments[0].focus()", submit)
        submit.send_keys(Keys.ENTER)  # by keyboard, as on a phone without a mouse
    result = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.XPATH, "//h2[starts-with(., 'Result:')]")))
    assert result.text == "Result: 100% · passed"
    back = browser.find_element(By.XPATH, "//button[.='Back to quizzes']")
    browser.execute_script("arguments[0].focus()", back)
    back.send_keys(Keys.ENTER)

    # The certificate is on the home, the path complete, no task left.
    app = home(browser)
    cert = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.home-certificates li")))
    assert cert.find_element(By.TAG_NAME, "h4").text == "pricing-basics"
    expires = (datetime.date.fromisoformat(served["today"]) + datetime.timedelta(days=180)).isoformat()
    assert "expires in 180 days (" + expires + ")" in cert.text
    assert "2 of 2 steps done" in app.find_element(By.CSS_SELECTOR, "section.home-paths li").text
    assert not app.find_elements(By.CSS_SELECTOR, "section.tasks")
    assert "Nothing is due for review. The next question falls due on " in app.find_element(By.CSS_SELECTOR, "section.home-review").text

    # Dark mode: the home's progress bar follows the scheme's accent.
    light = browser.execute_script("return getComputedStyle(document.querySelector('.path-progress progress')).accentColor")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    dark = browser.execute_script("return getComputedStyle(document.querySelector('.path-progress progress')).accentColor")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert light != dark

    # The lead: the Team progress panel lists their team only, with nadia's completed path.
    browser.set_window_size(1280, 900)
    browser.delete_all_cookies()
    browser.get(served["base"] + "/reports.html")
    box = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "reports-token")))
    box.send_keys(reissue(served["db"], "lead-o"))
    box.send_keys(Keys.ENTER)
    panel = WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.XPATH, "//section[h2[.='Team progress']]")))
    table = panel.find_element(By.CSS_SELECTOR, "table.team-progress")
    assert table.find_element(By.TAG_NAME, "caption").text == "Team onboard-team (1 learner)"
    row = table.find_element(By.CSS_SELECTOR, "tbody tr")
    assert row.find_element(By.TAG_NAME, "th").text == "nadia"
    assert [td.text for td in row.find_elements(By.TAG_NAME, "td")][:3] == ["Browser onboarding", "2 of 2 (100%)", "Complete"]
    assert "other" not in panel.text, "a lead sees only their team"
    region = panel.find_element(By.CSS_SELECTOR, "[role=region]")
    assert region.get_attribute("aria-label") == "Team progress: onboard-team" and region.get_attribute("tabindex") == "0"
