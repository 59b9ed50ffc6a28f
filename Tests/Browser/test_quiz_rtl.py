"""The quiz player right to left (issue 19): a user added with `--lang ar` gets the player in
Arabic, mirrored (dir="rtl", options starting at the right), and takes a whole quiz with the
keyboard."""
import os
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import CASEBOOK, reissue, start_server, stop_server, scratch


@pytest.fixture(scope="module")
def server(site):
    work = scratch("casebook-serve-ar-")
    db = os.path.join(work, "cb.db")
    subprocess.run([CASEBOOK, "users", "add", "layla", "--role", "moderator", "--team", "mena", "--market", "AE", "--lang", "ar", "--db", db],
                   check=True, capture_output=True, text=True)
    proc, base = start_server(site, db)
    yield {"base": base, "db": db}
    stop_server(proc)


def test_the_quiz_player_in_arabic_is_right_to_left_and_usable(browser, server):
    browser.delete_all_cookies()
    browser.get(server["base"] + "/quiz.html")
    wait = WebDriverWait(browser, 10)
    box = wait.until(EC.presence_of_element_located((By.ID, "quiz-token")))
    box.send_keys(reissue(server["db"], "layla"))
    box.send_keys(Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#quiz-app .cards")))
    root = browser.find_element(By.TAG_NAME, "html")
    assert root.get_attribute("lang") == "ar" and root.get_attribute("dir") == "rtl"
    assert browser.find_element(By.CSS_SELECTOR, "#quiz-app h2").text == "الاختبارات"
    button = browser.find_element(By.CSS_SELECTOR, "button[aria-label='ابدأ Onboarding week 1 - core policies']")
    browser.execute_script("arguments[0].click()", button)
    answered = 0
    for _ in range(40):
        wait.until(lambda d: d.find_elements(By.ID, "quiz-form") or d.find_elements(By.XPATH, "//h2[starts-with(., 'النتيجة:')]"))
        if not browser.find_elements(By.ID, "quiz-form"):
            break
        reveal = browser.find_elements(By.CSS_SELECTOR, ".content-warning button")
        if reveal:
            browser.execute_script("arguments[0].click()", reveal[0])
        form = browser.find_element(By.ID, "quiz-form")
        assert form.value_of_css_property("direction") == "rtl"
        # Mirrored: each option's control sits at the right, its text to the left of it.
        option = form.find_element(By.CSS_SELECTOR, ".quiz-option")
        control = option.find_element(By.CSS_SELECTOR, "input")
        label = option.find_element(By.CSS_SELECTOR, "label")
        assert control.rect["x"] > label.rect["x"], (control.rect, label.rect)
        submit = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
        assert submit.text == "أرسل الإجابة"
        browser.find_element(By.TAG_NAME, "body").send_keys("1")
        browser.execute_script("arguments[0].click()", submit)
        feedback = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.feedback")))
        assert feedback.find_element(By.TAG_NAME, "h3").text.startswith(("صحيح", "غير صحيح")), feedback.text
        answered += 1
        browser.switch_to.active_element.send_keys(Keys.ENTER)
    result = wait.until(EC.presence_of_element_located((By.XPATH, "//h2[starts-with(., 'النتيجة:')]")))
    assert "%" in result.text or "٪" in result.text
    assert answered >= 5
    assert "Back to quizzes" not in browser.execute_script("return document.getElementById('quiz-app').innerText")
