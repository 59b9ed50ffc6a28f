#!/usr/bin/env python3
"""Save-to-reload latency of `casebook preview`, measured in headless Chromium.

Usage: preview_latency.py CASEBOOK CONTENT [EDITS] [--no-search]

Copies CONTENT to a temporary folder, starts `casebook preview` on it, opens the first SOP
page (the first .md file in sorted order) and, EDITS times (default 10), appends a new
paragraph to that file. The latency of one edit is from just before the file is written to
the end of DOMContentLoaded of the page the preview reloaded (`performance.timeOrigin` +
the navigation entry's `domContentLoadedEventEnd`, the same clock as Python's time.time()),
so polling the page from the test does not count. Also prints the rebuild times the preview
logged. Needs selenium, chromium and chromedriver (as the browser tests).
"""
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def first_page(content):
    for folder, dirs, files in sorted(os.walk(content)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md") and not name.startswith("_") and name.count(".") == 1:
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    m = re.search(r"^id: *(\S+)", f.read(), re.M)
                if m:
                    return path, m.group(1)
    sys.exit("no page with an id in " + content)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    casebook, content = args[0], args[1]
    edits = int(args[2]) if len(args) > 2 else 10
    work = tempfile.mkdtemp(prefix="casebook-preview-bench-")
    copy = os.path.join(work, "Content")
    shutil.copytree(content, copy)
    path, page_id = first_page(copy)
    port = free_port()
    command = [casebook, "preview", "--content", copy, "--out", os.path.join(work, "site"), "--port", str(port), "--no-history"]
    if "--no-search" in sys.argv:
        command.append("--no-search")
    started = time.time()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log = []
    threading.Thread(target=lambda: [log.append(line) for line in proc.stderr], daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            urllib.request.urlopen(base + "/__casebook/events?attempt=0", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None:
                sys.exit("preview stopped: " + "".join(log))
            time.sleep(0.1)
    first_build = time.time() - started
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    latencies = []
    try:
        driver.get(f"{base}/sop/{page_id}.html")
        time.sleep(1)
        for i in range(edits):
            marker = f"Preview latency marker {i} {time.time()}"
            with open(path, encoding="utf-8") as f:
                text = f.read()
            saved = time.time()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text + f"\n{marker}\n")
            deadline = saved + 60
            while marker not in driver.execute_script("return document.body ? document.body.innerText : ''"):
                if time.time() > deadline:
                    sys.exit(f"edit {i}: the page did not reload within 60 s")
                time.sleep(0.01)
            loaded = driver.execute_script(
                "var n = performance.getEntriesByType('navigation')[0];"
                "return performance.timeOrigin + n.domContentLoadedEventEnd;") / 1000
            latencies.append(loaded - saved)
            time.sleep(0.5)
    finally:
        driver.quit()
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    rebuilds = [float(m.group(1)) for line in log for m in [re.search(r"after a change to .* in ([0-9.]+) s", line)] if m]
    pages = sum(1 for _, _, files in os.walk(content) for n in files if n.endswith(".md"))
    print(f"preview of {content} ({pages} .md files{', --no-search' if '--no-search' in sys.argv else ''}): "
          f"first build + start {first_build:.2f} s; {edits} edits of {page_id}")
    print(f"save -> reloaded page: median {statistics.median(latencies):.3f} s, "
          f"min {min(latencies):.3f} s, max {max(latencies):.3f} s")
    if rebuilds:
        print(f"rebuild (as logged): median {statistics.median(rebuilds):.3f} s, min {min(rebuilds):.3f} s, max {max(rebuilds):.3f} s")


if __name__ == "__main__":
    main()
