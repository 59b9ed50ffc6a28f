"""The quiz player in real headless Chromium against `casebook serve` on loopback."""
import json
import os

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import add_user, quiz_sign_in, start_quiz as start, start_server, stop_server, scratch


@pytest.fixture(scope="module")
def server(site):
    work = scratch("casebook-serve-")
    db = os.path.join(work, "cb.db")
    token = add_user(db, "amina", "moderator", "id-listings", "ID")
    proc, base = start_server(site, db)
    yield {"base": base, "token": token, "db": db}
    stop_server(proc)


def sign_in(browser, server):
    quiz_sign_in(browser, server)
    cookie = browser.get_cookie("cb_session")
    assert cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict"


def test_wrong_token_is_refused_with_the_reason_and_no_session(browser, server):
    browser.delete_all_cookies()
    browser.get(server["base"] + "/quiz.html")
    wait = WebDriverWait(browser, 10)
    box = wait.until(EC.presence_of_element_located((By.ID, "quiz-token")))
    box.send_keys("not-a-real-token")
    box.send_keys(Keys.ENTER)
    message = wait.until(lambda b: b.execute_script(
        "var a = document.querySelector('#quiz-app [role=alert]'); return a ? a.textContent : null"))
    assert message == "unknown or revoked token"  # the server's reason, as text
    # The form is shown again with the focus in the token box, and no session was made.
    assert browser.execute_script("return document.activeElement && document.activeElement.id") == "quiz-token"
    assert browser.get_cookie("cb_session") is None


def test_practice_quiz_with_keyboard_feedback_and_result(browser, server):
    sign_in(browser, server)
    start(browser, "Onboarding week 1 - core policies")
    wait = WebDriverWait(browser, 10)
    # The question endpoint never carries the answer key.
    raw = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/api/attempts', {credentials: 'same-origin'}).then(r => r.json()).then(list => {
          const open = list.filter(a => !a.finished).pop();
          return fetch('/api/attempts/' + open.id + '/question', {credentials: 'same-origin'}).then(r => r.text());
        }).then(done, e => done(String(e)));""")
    def keys(value):
        if isinstance(value, dict):
            return set(value) | set().union(*(keys(v) for v in value.values()))
        if isinstance(value, list):
            return set().union(*(keys(v) for v in value)) if value else set()
        return set()
    leaked = keys(json.loads(raw)) & {"correct", "correct_options", "explanation", "rationale", "decision", "codes", "optionKeys", "sop"}
    assert not leaked, raw
    for n in range(12):
        wait.until(EC.presence_of_element_located((By.ID, "quiz-form")))
        reveal = browser.find_elements(By.CSS_SELECTOR, ".content-warning button")
        if reveal:
            browser.execute_script("arguments[0].click()", reveal[0])
        body = browser.find_element(By.TAG_NAME, "body")
        body.send_keys("1")   # number keys pick options
        checked = browser.execute_script("return document.querySelectorAll('#quiz-form input:checked').length")
        assert checked >= 1
        submit = browser.find_element(By.CSS_SELECTOR, "#quiz-form button[type=submit]")
        browser.execute_script("arguments[0].click()", submit)
        feedback = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.feedback")))
        assert feedback.find_element(By.TAG_NAME, "h3").text.startswith(("Correct", "Not correct", "Partly"))
        assert "Answer:" in feedback.text
        assert feedback.find_elements(By.CSS_SELECTOR, "a[href^='/sop/']"), "links the deciding SOP section"
        live = browser.find_element(By.ID, "quiz-live")
        wait.until(lambda d: live.text != "")   # announced to screen readers
        browser.switch_to.active_element.send_keys(Keys.ENTER)   # "Next question" has focus
    result = wait.until(EC.presence_of_element_located((By.XPATH, "//h2[starts-with(., 'Result:')]")))
    assert "%" in result.text


def test_sensitive_case_is_blurred_until_revealed_and_resume_after_reload(browser, server):
    sign_in(browser, server)
    start(browser, "Calibration session 2026-W46")
    wait = WebDriverWait(browser, 10)
    card = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".case-card.sensitive")))
    content = card.find_element(By.CSS_SELECTOR, ".case-content")
    assert "blur" in content.value_of_css_property("filter")
    assert "grayscale" in content.value_of_css_property("filter")
    assert content.get_attribute("aria-hidden") == "true"
    button = card.find_element(By.CSS_SELECTOR, ".content-warning button")
    browser.execute_script("arguments[0].click()", button)
    assert content.value_of_css_property("filter") == "none"
    # Answer one question, reload, and resume where we were.
    browser.find_element(By.TAG_NAME, "body").send_keys("2")
    browser.switch_to.active_element.send_keys(Keys.ENTER)   # Enter submits
    progress_text = "var p = document.querySelector('.quiz-progress'); return p ? p.textContent : '';"
    wait.until(lambda d: "Question 2 of" in d.execute_script(progress_text))
    browser.refresh()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#quiz-app .cards")))
    resume = browser.find_element(By.XPATH, "//button[starts-with(., 'Resume your quiz')]")
    browser.execute_script("arguments[0].click()", resume)
    wait.until(lambda d: "Question 2 of 20" in d.execute_script(progress_text))
