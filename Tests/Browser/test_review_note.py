"""The quiz player's note on an item being reviewed after an SOP change (practice quizzes still
draw such items; exams do not), in real headless Chromium against `casebook serve`."""
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import CASEBOOK, add_user, free_port, stop_server

NOTE = "This item is being reviewed after an SOP change (ip#ip-01 changed in v1.1); its answer key may change."


def page(version, ip01):
    changes = '  - version: "1.0"\n    date: 2026-01-02\n    summary: First version.\n'
    if version != "1.0":
        changes += f'  - version: "{version}"\n    date: 2026-01-03\n    summary: Replicas count as fakes.\n'
    return (f'---\nid: ip\ntitle: Counterfeit\nversion: "{version}"\nactions:\n  - id: approve\n    label: Approve\n'
            f'  - id: remove\n    label: Remove\nchanges:\n{changes}---\n# Counterfeit\n\n'
            f'## IP-01 Counterfeit goods {{harm=high}}\n\n{ip01}\n\n## IP-02 Brand misuse {{harm=medium}}\n\nNames used without permission.\n')


def case(item_id, sop, code):
    return (f"---\nid: {item_id}\ntype: listing\nsource: QA sample\nsampled: 2026-01-01\nmarket: ID\ndecision: remove\n"
            f"codes: [{code}]\nsop: {sop}\ndifficulty: 1\nreviewed: 2026-01-02\ntags: [counterfeit]\n---\n"
            f"# Bag {item_id}\n\n## Listing\nTas ORI murah\n\n## Rationale\nReplica wording.\n")


def git(repo, *args, when=None):
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", GIT_AUTHOR_NAME="Ana Trainer",
               GIT_AUTHOR_EMAIL="trainer@example.com", GIT_COMMITTER_NAME="Casebook Tests", GIT_COMMITTER_EMAIL="tests@example.com")
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


@pytest.fixture(scope="module")
def server():
    """A repository where SOP `ip` 1.1 (committed 2026-01-03) changed IP-01 but not IP-02, a
    practice quiz of the two cases citing them (both reviewed 2026-01-02), served."""
    repo = tempfile.mkdtemp(prefix="casebook-review-")
    git(repo, "init", "-q", "-b", "main")
    write(os.path.join(repo, "Content/ip.md"), page("1.0", "Fakes."))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Counterfeit 1.0", when="@1767312000 +0000")
    write(os.path.join(repo, "Content/ip.md"), page("1.1", "Fakes and replicas sold as genuine."))
    git(repo, "commit", "-q", "-am", "Counterfeit 1.1", when="@1767398400 +0000")
    write(os.path.join(repo, "Quizzes/cases/c-changed.md"), case("c-changed", "ip#ip-01", "IP-01"))
    write(os.path.join(repo, "Quizzes/cases/c-same.md"), case("c-same", "ip#ip-02", "IP-02"))
    write(os.path.join(repo, "Quizzes/blueprints/practice.yml"), "id: practice\ntitle: Practice\nquestions: 2\nmode: practice\nkinds: [decision]\n")
    site, db = os.path.join(repo, "site"), os.path.join(repo, "cb.db")
    subprocess.run([CASEBOOK, "build", "--content", os.path.join(repo, "Content"), "--out", site], check=True, capture_output=True)
    token = add_user(db, "amina", "moderator", "", "ID")
    port = free_port()
    proc = subprocess.Popen([CASEBOOK, "serve", "--site", site, "--db", db, "--port", str(port), "--content", os.path.join(repo, "Content")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/index.html", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    yield {"base": base, "token": token}
    stop_server(proc)
    shutil.rmtree(repo, ignore_errors=True)


def test_practice_question_and_feedback_say_the_item_is_being_reviewed(browser, server):
    browser.delete_all_cookies()
    browser.get(server["base"] + "/quiz.html")
    wait = WebDriverWait(browser, 10)
    box = wait.until(EC.presence_of_element_located((By.ID, "quiz-token")))
    box.send_keys(server["token"])
    box.send_keys(Keys.ENTER)
    button = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "button[aria-label='Start Practice']")))
    browser.execute_script("arguments[0].click()", button)
    seen = {}
    for _ in range(2):
        wait.until(EC.presence_of_element_located((By.ID, "quiz-form")))
        title = browser.find_element(By.CSS_SELECTOR, ".case-title").text
        notes = [n.text for n in browser.find_elements(By.CSS_SELECTOR, ".review-note")]
        assert all(n.get_attribute("role") == "note" for n in browser.find_elements(By.CSS_SELECTOR, ".review-note"))
        browser.find_element(By.TAG_NAME, "body").send_keys("1")
        browser.execute_script("arguments[0].click()", browser.find_element(By.CSS_SELECTOR, "#quiz-form button[type=submit]"))
        feedback = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.feedback")))
        seen[title] = (notes, [n.text for n in feedback.find_elements(By.CSS_SELECTOR, ".review-note")])
        browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert seen == {"Bag c-changed": ([NOTE], [NOTE]), "Bag c-same": ([], [])}
