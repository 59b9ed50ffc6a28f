"""`casebook preview`: a save reloads the open page with the new text; a broken file shows an
overlay naming file:line; the built site never carries the preview script."""
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import CASEBOOK, ROOT, free_port

PAGE = "policies/counterfeit-and-ip.md"


@pytest.fixture()
def preview():
    """The sample handbook copied to a temporary folder and previewed on a free port."""
    work = tempfile.mkdtemp(prefix="casebook-preview-")
    shutil.copytree(os.path.join(ROOT, "Content"), os.path.join(work, "Content"))
    port = free_port()
    out = os.path.join(work, "preview-site")
    proc = subprocess.Popen([CASEBOOK, "preview", "--content", os.path.join(work, "Content"), "--out", out,
                             "--port", str(port), "--no-history"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/__casebook/events?attempt=0", timeout=2).read()
            break
        except OSError:
            assert proc.poll() is None, proc.stderr.read()
            time.sleep(0.2)
    yield work, base, out
    proc.terminate()
    proc.wait(timeout=10)
    shutil.rmtree(work, ignore_errors=True)


def edit(work, change):
    path = os.path.join(work, "Content", PAGE)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(change(text))
    return text


def test_save_reloads_the_page_and_errors_show_as_an_overlay(preview, browser):
    work, base, out = preview
    browser.get(base + "/sop/counterfeit-and-ip.html")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(0.5)  # the script's first poll has answered; it now waits for the next build
    browser.execute_script("window.casebookMarker = 'before'")

    original = edit(work, lambda t: t + "\nA paragraph written during the preview test.\n")
    WebDriverWait(browser, 30).until(
        lambda d: "A paragraph written during the preview test." in d.find_element(By.TAG_NAME, "main").text)
    assert browser.execute_script("return window.casebookMarker") is None, "the page reloaded"

    # A broken front matter line: the page stays, an overlay names the file and line.
    lines = original.split("\n")
    assert lines[2].startswith("title:")
    lines[2] = "title: [unclosed"
    edit(work, lambda _: "\n".join(lines))
    overlay = WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "casebook-preview-errors"))[0]
    assert "policies/counterfeit-and-ip.md:3:" in overlay.text, overlay.text
    assert "front matter" in overlay.text
    assert "broken link" not in overlay.text, "errors that follow from the broken file wait until it is fixed"

    # Fixed: the overlay goes and the page reloads with the good build.
    edit(work, lambda _: original)
    WebDriverWait(browser, 30).until(lambda d: not d.find_elements(By.ID, "casebook-preview-errors"))
    WebDriverWait(browser, 30).until(
        lambda d: "A paragraph written during the preview test." not in d.find_element(By.TAG_NAME, "main").text)

    # The files on disk are the site 'casebook build' writes: no preview script in them.
    for folder, _, files in os.walk(out):
        for name in files:
            if name.endswith((".html", ".js")):
                with open(os.path.join(folder, name), "rb") as f:
                    assert b"__casebook" not in f.read(), os.path.join(folder, name)
