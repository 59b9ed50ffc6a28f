"""The reports page in headless Chromium against `casebook serve`: trainers see the charts and
the review queue, leads their own team, moderators a message; hostile text stays text."""
import os
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import CASEBOOK, ROOT, add_user, api_client, casebook, reissue, start_server, stop_server, scratch

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> the key looks wrong'


@pytest.fixture(scope="module")
def server(site):
    """A server whose moderators (two teams) took the onboarding quiz; one contested a key."""
    work = scratch("casebook-reports-")
    db = os.path.join(work, "cb.db")
    tokens = {"tara": add_user(db, "tara", "trainer", "", "ID"), "lead-id": add_user(db, "lead-id", "lead", "id-listings", "ID")}
    for user, team in [("amina", "id-listings"), ("budi", "id-listings"), ("chai", "th-live"), ("dara", "th-live")]:
        tokens[user] = add_user(db, user, "moderator", team, "ID")
    proc, base = start_server(site, db)
    for i, user in enumerate(["amina", "budi", "chai", "dara"]):
        call = api_client(base, tokens[user])
        _, started = call("POST", "/api/attempts", {"blueprint": "onboarding-week-1"})
        for position in range(started["questions"]):
            call("POST", f"/api/attempts/{started['attempt']}/answers", {"position": position, "chosen": [i % 2]})
        call("POST", f"/api/attempts/{started['attempt']}/finish")
        if user == "amina":
            call("POST", "/api/contests", {"attempt": started["attempt"], "position": 0, "comment": HOSTILE})
    yield {"base": base, "tokens": tokens, "db": db}
    stop_server(proc)


def sign_in(browser, server, user):
    browser.delete_all_cookies()
    browser.get(server["base"] + "/reports.html")
    box = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "reports-token")))
    assert not browser.find_element(By.ID, "reports-filter").is_displayed(), "the filters wait for sign-in"
    box.send_keys(reissue(server["db"], user))  # a token signs in once
    box.send_keys(Keys.ENTER)


def dashboard(browser):
    return WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#reports-app .dashboard")))


def test_trainer_sees_charts_and_the_review_queue(browser, server):
    sign_in(browser, server, "tara")
    board = dashboard(browser)
    for chart, role in (("dash-sections-title", "group"), ("dash-trend-title", "img")):  # the section chart holds links
        svg = board.find_element(By.CSS_SELECTOR, f"svg[role='{role}'][aria-labelledby='{chart}']")
        assert svg.size["width"] > 200 and svg.size["height"] > 50, chart
    assert board.find_elements(By.CSS_SELECTOR, "svg a[href^='/sop/']"), "section labels link to the SOP"
    queue = board.find_element(By.XPATH, "//h2[.='Review queue']/following::table[1]")
    assert HOSTILE in queue.text, "the contest comment is shown as text"
    assert browser.execute_script("return window.__pwned === undefined && !document.querySelector('#reports-app script, #reports-app img')")
    assert browser.find_element(By.ID, "reports-filter").is_displayed()
    assert "/api/reports/gaps" in browser.find_element(By.ID, "reports-json").get_attribute("href")

    # Colours come from the scheme: the same dot is drawn differently in dark mode.
    dot = "return getComputedStyle(document.querySelector('#reports-app svg .dot')).fill"
    light = browser.execute_script(dot)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        assert browser.execute_script(dot) != light
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})

    # On a phone the charts shrink to the screen instead of scrolling the page sideways.
    browser.set_window_size(390, 844)
    try:
        assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
        width = browser.execute_script("return document.querySelector(\"svg[aria-labelledby='dash-sections-title']\").getBoundingClientRect().width")
        assert 200 < width <= 390
    finally:
        browser.set_window_size(1280, 900)

    # The filter form narrows the report and keeps the filter in the address.
    team = browser.find_element(By.ID, "reports-team")
    team.send_keys("th-live")
    team.send_keys(Keys.ENTER)
    # The dashboard is replaced when it reloads: read it in the page, never through a stale handle.
    WebDriverWait(browser, 20).until(lambda d: d.execute_script(
        "var e = document.querySelector('.dash-scope'); return !!e && e.textContent.indexOf('team th-live') >= 0"))
    assert "team=th-live" in browser.current_url
    assert HOSTILE not in browser.find_element(By.ID, "reports-app").text, "amina's contest is not about th-live"

    # Trainers and leads find the page from the quiz player.
    browser.get(server["base"] + "/quiz.html")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#quiz-app a[href='reports.html']")))


def test_lead_sees_own_team_and_is_told_off_another(browser, server):
    sign_in(browser, server, "lead-id")
    board = dashboard(browser)
    assert "team id-listings" in board.find_element(By.CSS_SELECTOR, ".dash-scope").text
    browser.get(server["base"] + "/reports.html?team=th-live")
    notice = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#reports-app .notice")))
    assert "own team" in notice.text
    assert browser.find_element(By.ID, "reports-filter").is_displayed(), "the lead can correct the filter"


def test_a_thai_lead_reads_the_page_in_thai_on_an_english_site(browser, server):
    """Issue 19: the page follows the viewer's language (`users add --lang th`), not the site's:
    the heading, lead and filter labels as well as the dashboard the server renders."""
    subprocess.run([CASEBOOK, "users", "add", "lek", "--role", "lead", "--team", "th-live", "--market", "TH", "--lang", "th", "--db", server["db"]],
                   check=True, capture_output=True)
    sign_in(browser, server, "lek")
    board = dashboard(browser)
    assert board.find_element(By.ID, "dash-summary").text == "สรุป"
    assert browser.execute_script("return document.documentElement.lang") == "th"
    assert browser.find_element(By.TAG_NAME, "h1").text == "รายงาน"
    labels = [browser.find_element(By.CSS_SELECTOR, f"label[for='reports-{f}']").text for f in ("since", "market", "team", "vendor")]
    assert labels == ["ตั้งแต่", "ตลาด", "ทีม", "ผู้ให้บริการ"], labels
    assert browser.find_element(By.CSS_SELECTOR, "#reports-filter button[type='submit']").text == "แสดง"
    assert "Knowledge gaps" not in browser.find_element(By.TAG_NAME, "main").text
    # An English viewer of the same page still reads English.
    sign_in(browser, server, "tara")
    dashboard(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Reports"


def test_campaigns_panel_for_trainers_and_leads(browser, server):
    created = casebook("campaigns", "create", "counterfeit-and-ip", "--version", "3.2", "--due", "2099-12-31", "--teams", "id-listings,th-live",
                       "--content", os.path.join(ROOT, "Content"), "--db", server["db"])
    assert created.returncode == 0, created.stderr
    panel = "section[aria-labelledby='dash-campaigns']"
    sign_in(browser, server, "tara")
    board = dashboard(browser)
    campaigns = board.find_element(By.CSS_SELECTOR, panel)
    rows = [th.text for th in campaigns.find_elements(By.CSS_SELECTOR, "table.campaign-bars tbody th[scope='row']")]
    assert "id-listings" in rows and "th-live" in rows
    # Each bar has its value in text beside it; the bar itself is hidden from screen readers.
    bar = campaigns.find_element(By.CSS_SELECTOR, ".campaign-bar")
    assert bar.find_element(By.TAG_NAME, "progress").get_attribute("aria-hidden") == "true"
    assert " of " in bar.text and "%" in bar.text
    assert "Did it work?" in campaigns.text

    # The SOP link is reached with the keyboard.
    browser.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    body = browser.find_element(By.TAG_NAME, "body")
    target = "#reports-app article.campaign h3 a"
    for _ in range(300):
        body.send_keys(Keys.TAB) if browser.switch_to.active_element.tag_name == "body" else browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.execute_script(f"return document.activeElement === document.querySelector(\"{target}\")"):
            break
    else:
        raise AssertionError("the campaign's SOP link is not reachable with Tab")

    # Dark mode: the bars take the dark scheme's accent.
    accent = "return getComputedStyle(document.querySelector('.campaign-bar progress')).accentColor"
    light = browser.execute_script(accent)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        assert browser.execute_script(accent) != light
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})

    # A lead sees their own team's learners only.
    sign_in(browser, server, "lead-id")
    own = dashboard(browser).find_element(By.CSS_SELECTOR, panel)
    assert [th.text for th in own.find_elements(By.CSS_SELECTOR, "table.campaign-bars tbody th[scope='row']")][0] == "id-listings"
    assert "th-live" not in own.text


def test_moderator_is_told_the_page_is_for_trainers_and_leads(browser, server):
    sign_in(browser, server, "amina")
    WebDriverWait(browser, 10).until(lambda d: "trainers and leads" in d.execute_script(
        "var h = document.querySelector('#reports-app h2'); return h ? h.textContent : ''"))
    assert not browser.find_elements(By.CSS_SELECTOR, "#reports-app svg")
    assert not browser.find_element(By.ID, "reports-filter").is_displayed()
    assert browser.switch_to.active_element == browser.find_element(By.CSS_SELECTOR, "#reports-app h2")


def test_a_thai_trainer_reads_the_dashboard_in_thai(browser, server):
    """Issue 19: the dashboard's headings and the page's own messages follow the user's language."""
    subprocess.run([CASEBOOK, "users", "add", "nok", "--role", "trainer", "--lang", "th", "--db", server["db"]],
                   check=True, capture_output=True, text=True)
    sign_in(browser, server, "nok")
    board = dashboard(browser)
    headings = [h.text for h in board.find_elements(By.CSS_SELECTOR, "h2")]
    assert "สรุป" in headings and "คิวทบทวน" in headings, headings
    assert "Summary" not in headings and "Review queue" not in headings
    assert browser.find_element(By.ID, "reports-json").text == "ดาวน์โหลดเป็น JSON"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"
