"""Shared fixtures for the browser tests: a built sample site and headless Chromium."""
import os
import shutil
import subprocess
import tempfile

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASEBOOK = os.environ.get("CASEBOOK_BIN", os.path.join(ROOT, ".build", "debug", "casebook"))


@pytest.fixture(scope="session")
def site():
    """The sample handbook built into a temporary folder."""
    work = tempfile.mkdtemp(prefix="casebook-browser-")
    out = os.path.join(work, "site")
    subprocess.run([CASEBOOK, "build", "--content", os.path.join(ROOT, "Content"), "--out", out],
                   check=True, capture_output=True)
    yield out
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()


def casebook(*args):
    return subprocess.run([CASEBOOK, *args], capture_output=True, text=True)
