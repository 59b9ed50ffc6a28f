"""A right-to-left page (issue 19): the sample Arabic SOP renders with dir="rtl", its
navigation and table of contents mirrored, and the search box usable. Opened from disk.
Saves a screenshot to $CASEBOOK_SCREENSHOTS (default: the system temp folder)."""
import os
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def test_the_arabic_page_is_right_to_left_and_mirrored(site, browser):
    browser.get("file://" + os.path.join(site, "sop", "moderator-wellbeing-ar.html"))
    root = browser.find_element(By.TAG_NAME, "html")
    assert root.get_attribute("lang") == "ar"
    assert root.get_attribute("dir") == "rtl"
    main = browser.find_element(By.ID, "main")
    assert main.value_of_css_property("direction") == "rtl"
    # Mirrored: the table of contents sits left of the text, its rule on its right-hand (start) side.
    toc = browser.find_element(By.CSS_SELECTOR, ".toc-inner")
    assert toc.rect["x"] < main.rect["x"], (toc.rect, main.rect)
    assert toc.value_of_css_property("border-right-width") != "0px"
    assert toc.value_of_css_property("border-left-width") == "0px"
    # Breadcrumbs read from the right, with the separator pointing the reading way.
    crumbs = browser.find_elements(By.CSS_SELECTOR, ".breadcrumbs li")
    assert crumbs[0].rect["x"] > crumbs[-1].rect["x"]
    sep = browser.execute_script("return getComputedStyle(document.querySelectorAll('.breadcrumbs li')[1], '::before').content")
    assert sep == '"‹"'
    # A table's cells start at the right.
    cell = browser.find_element(By.CSS_SELECTOR, ".sop-body td")
    assert cell.value_of_css_property("text-align") in ("start", "right")
    # The search box works in the page.
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("wellbeing")
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "site-search-option-0"))
    shots = os.environ.get("CASEBOOK_SCREENSHOTS", tempfile.gettempdir())
    path = os.path.join(shots, "rtl-moderator-wellbeing-ar.png")
    assert browser.save_screenshot(path)
    assert os.path.getsize(path) > 10_000
