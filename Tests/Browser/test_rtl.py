"""A right-to-left page (issue 19): the sample Arabic SOP renders with dir="rtl", its
navigation and table of contents mirrored, its chrome from the Arabic catalogue, and the
search box usable. Opened from disk. Saves a screenshot to $CASEBOOK_SCREENSHOTS (default:
the system temp folder) and checks it: the heading's ink starts at the right."""
import base64
import os
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
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
    # The chrome is Arabic (ar.yml), not English.
    assert browser.find_element(By.CSS_SELECTOR, ".toc-inner").text.startswith("في هذه الصفحة")
    assert "On this page" not in browser.page_source and "Skip to main content" not in browser.page_source
    box.send_keys(Keys.ESCAPE)
    box.clear()
    browser.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
    shots = os.environ.get("CASEBOOK_SCREENSHOTS", tempfile.gettempdir())
    path = os.path.join(shots, "rtl-moderator-wellbeing-ar.png")
    assert browser.save_screenshot(path)
    with open(path, "rb") as f:
        png = base64.b64encode(f.read()).decode("ascii")
    heading = browser.find_element(By.CSS_SELECTOR, "main h1")
    rect = browser.execute_script(
        "var r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, window.devicePixelRatio];", heading)
    # The browser decodes the screenshot (a canvas), and finds where the heading's ink is:
    # the columns of its box whose pixels differ from the box's background.
    ink = browser.execute_async_script("""
        var png = arguments[0], r = arguments[1], done = arguments[arguments.length - 1];
        var img = new Image();
        img.onload = function () {
          var c = document.createElement("canvas"), k = r[4];
          c.width = img.width; c.height = img.height;
          var g = c.getContext("2d"); g.drawImage(img, 0, 0);
          var x0 = Math.round(r[0] * k), y0 = Math.round(r[1] * k), w = Math.round((r[2] - r[0]) * k), h = Math.round((r[3] - r[1]) * k);
          var d = g.getImageData(x0, y0, w, h).data, bg = [d[0], d[1], d[2]], left = -1, right = -1;
          for (var x = 0; x < w; x++) for (var y = 0; y < h; y++) {
            var i = (y * w + x) * 4;
            if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 120) {
              if (left < 0) left = x; right = x; break;
            }
          }
          done([left / k, right / k, w / k]);
        };
        img.onerror = function () { done(null); };
        img.src = "data:image/png;base64," + png;
    """, png, rect)
    assert ink is not None and ink[0] >= 0, ink
    left, right, width = ink
    # Right to left: the ink reaches the box's right edge and leaves its left side empty.
    assert width - right < 12, (ink, rect)
    assert left > width - right, (ink, rect)
