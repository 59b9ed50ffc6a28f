"""Cross-site request forgery in real headless Chromium: pages of another origin
(127.0.0.2, another site) and of another port on the same host (127.0.0.1, the same site,
which SameSite cookies do not separate) auto-submit forms to `casebook serve`."""
import functools
import html
import http.server
import json
import os
import shutil
import tempfile
import threading

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import add_user, start_server, stop_server


@pytest.fixture(scope="module")
def server(site):
    work = tempfile.mkdtemp(prefix="casebook-csrf-")
    db = os.path.join(work, "cb.db")
    tokens = {user: add_user(db, user, "moderator", "id-listings", "ID") for user in ("victim", "attacker")}
    proc, base = start_server(site, db)
    yield {"base": base, "tokens": tokens}
    stop_server(proc)
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module", params=["127.0.0.2", "127.0.0.1"], ids=["another-origin", "another-port"])
def attacker(request):
    """A static site of the attacker's on `host` (a free port); yields (folder, base URL)."""
    folder = tempfile.mkdtemp(prefix="casebook-attacker-")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer((request.param, 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://{request.param}:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    shutil.rmtree(folder, ignore_errors=True)


def forging_page(folder, name, action, body):
    """Writes a page that posts `body` (a dict) as a text/plain form that reads as JSON:
    the field `{"...":...,"x":"` = `"}` is sent as `{"...":...,"x":"="}`."""
    text = json.dumps(body)
    field, value = text[:-1] + ',"x":"', '"}'
    page = ('<!doctype html><title>Win a prize</title>'
            f'<form method="POST" enctype="text/plain" action="{html.escape(action)}">'
            f'<input type="hidden" name="{html.escape(field)}" value="{html.escape(value)}"></form>'
            '<script>document.forms[0].submit()</script>')
    with open(os.path.join(folder, name), "w") as f:
        f.write(page)


def visit(browser, page_url, target_base):
    """Opens the attacker's page and waits until its form has landed on the target."""
    browser.get(page_url)
    WebDriverWait(browser, 10).until(lambda b: b.current_url.startswith(target_base)
                                     and b.execute_script("return document.readyState") == "complete")
    return browser.find_element(By.TAG_NAME, "body").text


def api_get(browser, base, path):
    """GET `path` as a top-level navigation (the browser sends its cookies); returns (text, parsed JSON or None)."""
    browser.get(base + path)
    text = browser.find_element(By.TAG_NAME, "body").text
    try:
        return text, json.loads(text)
    except ValueError:
        return text, None


def fresh(browser, base):
    browser.get(base + "/index.html")
    browser.delete_all_cookies()


def test_login_csrf_does_not_sign_the_victim_in(browser, server, attacker):
    folder, attacker_base = attacker
    base = server["base"]
    fresh(browser, base)
    forging_page(folder, "login.html", base + "/api/login", {"token": server["tokens"]["attacker"]})
    landed = visit(browser, attacker_base + "/login.html", base)
    assert "cross-origin request refused" in landed and '"status":403' in landed.replace(" ", "")
    assert browser.get_cookie("cb_session") is None
    _, me = api_get(browser, base, "/api/me")
    assert me == {"code": "sign_in", "error": "sign in first", "status": 401}


def test_a_signed_in_victim_cannot_be_made_to_start_an_attempt(browser, server, attacker):
    folder, attacker_base = attacker
    base = server["base"]
    fresh(browser, base)
    if "victim_signed_in" not in server:
        # Sign in through the quiz player, as the victim would (once: a token may be single-use).
        browser.get(base + "/quiz.html")
        wait = WebDriverWait(browser, 10)
        box = wait.until(EC.presence_of_element_located((By.ID, "quiz-token")))
        box.send_keys(server["tokens"]["victim"])
        box.send_keys(Keys.ENTER)
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#quiz-app .cards")))
        server["victim_signed_in"] = browser.get_cookie("cb_session")
    else:
        browser.add_cookie(server["victim_signed_in"])
    _, me = api_get(browser, base, "/api/me")
    assert me and me["id"] == "victim"
    forging_page(folder, "start.html", base + "/api/attempts", {"blueprint": "onboarding-week-1"})
    forging_page(folder, "logout.html", base + "/api/logout", {})
    visit(browser, attacker_base + "/start.html", base)
    _, attempts = api_get(browser, base, "/api/attempts")
    assert attempts == [], "no attempt was started"
    visit(browser, attacker_base + "/logout.html", base)
    _, me = api_get(browser, base, "/api/me")
    assert me and me.get("id") == "victim", "no forced sign-out"
