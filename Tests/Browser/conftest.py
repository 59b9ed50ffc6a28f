"""Shared fixtures for the browser tests: a built sample site and headless Chromium."""
import http.cookiejar
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASEBOOK = os.environ.get("CASEBOOK_BIN", os.path.join(ROOT, ".build", "debug", "casebook"))


def git(repo, *args, date=None):
    """Runs git in `repo` as the trainer (commit date `date` when given)."""
    env = dict(os.environ, GIT_AUTHOR_NAME="Trainer", GIT_AUTHOR_EMAIL="trainer@example.com",
               GIT_COMMITTER_NAME="Trainer", GIT_COMMITTER_EMAIL="trainer@example.com")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, env=env)


_SCRATCH = []


def scratch(prefix):
    """A new temporary folder, removed when the test session ends (servers are stopped by then)."""
    folder = tempfile.mkdtemp(prefix=prefix)
    _SCRATCH.append(folder)
    return folder


@pytest.fixture(scope="session", autouse=True)
def _remove_scratch_folders():
    yield
    for folder in _SCRATCH:
        shutil.rmtree(folder, ignore_errors=True)


UPDATED_SOP = "counterfeit-and-ip"


def sample_repo_with_update(prefix):
    """A fresh git repository holding the sample handbook in Content/, whose last commit
    publishes counterfeit-and-ip 3.3 (one section of 3.2 changed). Returns (work, content)."""
    work = tempfile.mkdtemp(prefix=prefix)
    content = os.path.join(work, "Content")
    shutil.copytree(os.path.join(ROOT, "Content"), content)
    git(work, "init", "-q")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "SOPs as published", date="2026-11-01T09:00:00Z")
    path = os.path.join(content, "policies", UPDATED_SOP + ".md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert 'version: "3.2"' in text and "### IP-01 Counterfeit branded goods {harm=high}\n\n" in text
    text = text.replace('version: "3.2"', 'version: "3.3"', 1)
    text = text.replace("### IP-01 Counterfeit branded goods {harm=high}\n\n",
                        "### IP-01 Counterfeit branded goods {harm=high}\n\nCheck the seller's earlier listings first. ", 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    git(work, "commit", "-q", "-am", "counterfeit-and-ip 3.3", date="2026-11-20T09:00:00Z")
    return work, content


@pytest.fixture(scope="session")
def site():
    """The sample handbook built into a temporary folder."""
    work = tempfile.mkdtemp(prefix="casebook-browser-")
    out = os.path.join(work, "site")
    subprocess.run([CASEBOOK, "build", "--content", os.path.join(ROOT, "Content"), "--out", out],
                   check=True, capture_output=True)
    yield out
    shutil.rmtree(work, ignore_errors=True)


def chromium(performance_log=False):
    """Headless Chromium through chromedriver; with `performance_log`, Chromium's DevTools
    network events can be read with `driver.get_log("performance")`."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    if performance_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    # Chromium leaves a folder or two of its own in TMPDIR after every run: give it a
    # scratch folder, removed when the session ends.
    env = dict(os.environ, TMPDIR=scratch("casebook-chromium-"))
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver", env=env)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_script_timeout(30)
    return driver


@pytest.fixture(scope="session")
def browser():
    driver = chromium()
    yield driver
    driver.quit()


def casebook(*args):
    return subprocess.run([CASEBOOK, *args], capture_output=True, text=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def add_user(db, user, role="moderator", team="", market=""):
    """Adds a user with `casebook users add` and returns their sign-in token."""
    args = [CASEBOOK, "users", "add", user, "--role", role, "--db", db]
    if team:
        args += ["--team", team]
    if market:
        args += ["--market", market]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


def reissue(db, user):
    """A new sign-in token for `user` (`casebook users add --reissue`): a token signs in once."""
    args = [CASEBOOK, "users", "add", user, "--reissue", "--db", db]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


def quiz_sign_in(driver, server, user="amina"):
    """Signs `user` in on the quiz page of `server` ({"base", "db"}) with a fresh token and
    waits for the quiz start page."""
    driver.delete_all_cookies()
    driver.get(server["base"] + "/quiz.html")
    wait = WebDriverWait(driver, 10)
    box = wait.until(EC.presence_of_element_located((By.ID, "quiz-token")))
    box.send_keys(reissue(server["db"], user))  # a token signs in once
    box.send_keys(Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#quiz-app .cards")))


def start_quiz(driver, title):
    """On the quiz start page: starts the blueprint titled `title`; waits for its first question."""
    button = driver.find_element(By.CSS_SELECTOR, f"button[aria-label='Start {title}']")
    driver.execute_script("arguments[0].click()", button)
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "quiz-form")))


def start_server(site, db, content=None, quizzes=None):
    """`casebook serve` for `site` and `db` (and the given content and quiz bank) on a free
    loopback port; returns (process, base URL)."""
    port = free_port()
    args = [CASEBOOK, "serve", "--site", site, "--db", db, "--port", str(port), "--content", content or os.path.join(ROOT, "Content")]
    if quizzes:
        args += ["--quizzes", quizzes]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/index.html", timeout=1)
            return proc, base
        except Exception:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("casebook serve did not start: " + (proc.stderr.read() if proc.stderr else ""))


def stop_server(proc):
    proc.terminate()
    proc.wait(timeout=15)


def api_client(base, token):
    """Signs in with `token`; returns call(method, path, body=None) -> (status, JSON body)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(method, path, body=None):
        req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
        try:
            with opener.open(req, timeout=10) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            return e.code, {}
    status, _ = call("POST", "/api/login", {"token": token})
    assert status == 200, f"sign-in failed with {status}"
    return call
