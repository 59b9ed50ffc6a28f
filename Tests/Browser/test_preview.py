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
    # Over the page, in view: the pages' CSP (style-src 'self') refused a style attribute, and
    # the overlay sat unstyled below the page's last line.
    box = browser.execute_script("var o = document.getElementById('casebook-preview-errors'), r = o.getBoundingClientRect();"
                                 "return [getComputedStyle(o).position, r.top, r.bottom, innerHeight];")
    assert box[0] == "fixed" and 0 <= box[1] < box[3] and box[2] <= box[3] + 1, box

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


def test_open_tabs_share_one_poll_and_leave_connections_for_pages(preview, browser):
    """Each tab held a 10 s long poll: with six preview tabs open (a browser's connections to
    one host), the seventh page waited about 7 s. One tab polls for all of them now, and a
    save still reloads every tab."""
    work, base, out = preview
    browser.get(base + "/sop/counterfeit-and-ip.html")
    first = browser.current_window_handle
    for _ in range(7):
        browser.execute_script("window.open(arguments[0])", base + "/sop/counterfeit-and-ip.html")
    time.sleep(2)  # every tab has loaded and started (or joined) the poll
    browser.switch_to.window(first)
    took = browser.execute_async_script(
        "var done = arguments[arguments.length - 1], t = performance.now();"
        "fetch('/index.html', {cache: 'no-store'}).then(function () { done(performance.now() - t); });")
    assert took < 3000, f"a page took {took:.0f} ms with 8 preview tabs open"
    for handle in browser.window_handles:
        browser.switch_to.window(handle)
        browser.execute_script("window.casebookMarker = 'before'")
    edit(work, lambda t: t + "\nA paragraph every tab should show.\n")
    for handle in browser.window_handles:
        browser.switch_to.window(handle)
        WebDriverWait(browser, 30).until(lambda d: "A paragraph every tab should show." in d.find_element(By.TAG_NAME, "main").text)
    for handle in browser.window_handles:
        if handle != first:
            browser.switch_to.window(handle)
            browser.close()
    browser.switch_to.window(first)


def test_another_sites_name_is_refused(preview):
    """DNS rebinding: a page on the web that points its own name at 127.0.0.1 must not read the
    preview (drafts, build errors)."""
    import http.client
    _, base, _ = preview
    port = int(base.rsplit(":", 1)[1])
    for host, status in ((f"rebind.attacker.example:{port}", 403), (f"localhost:{port}", 200), (f"127.0.0.1:{port}", 200)):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.putrequest("GET", "/sop/counterfeit-and-ip.html", skip_host=True)
        conn.putheader("Host", host)
        conn.endheaders()
        assert conn.getresponse().status == status, host
        conn.close()


def test_a_folder_the_build_will_not_replace_is_not_served():
    """`casebook preview --out .` (a folder Casebook did not build) failed the build and then
    served the folder: the sources, drafts and the records database."""
    work = tempfile.mkdtemp(prefix="casebook-preview-out-")
    try:
        shutil.copytree(os.path.join(ROOT, "Content"), os.path.join(work, "Content"))
        with open(os.path.join(work, "notes.txt"), "w") as f:
            f.write("private\n")
        run = subprocess.run([CASEBOOK, "preview", "--content", "Content", "--out", ".", "--port", str(free_port()), "--no-history"],
                             cwd=work, capture_output=True, text=True, timeout=60)
        assert run.returncode == 1, run.stderr
        assert "was not built by Casebook" in run.stderr and "Previewing" not in run.stderr, run.stderr
        # Nor a folder the preview watches: each build would start another, for ever.
        for out in ("Content/site", "theme"):
            run = subprocess.run([CASEBOOK, "preview", "--content", "Content", "--out", out, "--port", str(free_port()), "--no-history"],
                                 cwd=work, capture_output=True, text=True, timeout=60)
            assert run.returncode == 1 and "which the preview watches" in run.stderr, (out, run.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
