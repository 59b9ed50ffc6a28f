"""Case media in the quiz player, in real headless Chromium against `casebook serve`: the
sensitive-case blur checked on the network log (only the server's blurred thumbnail is
downloaded before the reveal), the image viewer by keyboard (also in a phone-size window),
the clip controls, and another learner's 404.

The bank is made here: images and a clip generated with the ffmpeg CLI, imported through
`casebook cases import FILE --media DIR` (so the player gets what the real import stores)
into a temporary quiz folder with one calibration blueprint per test."""
import csv
import json
import os
import shutil
import subprocess
import tempfile
import urllib.parse

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, add_user, api_client, casebook, chromium, quiz_sign_in as sign_in, reissue, start_quiz as start, start_server, stop_server

HEADER = ["sample_id", "item_type", "market", "language", "title", "description", "price", "qa_decision",
          "violation_codes", "qa_rationale", "sop_reference", "sample_date", "difficulty", "sensitive",
          "media_alt", "media_files"]

# id, type, title, description, sensitive, alt texts, files
CASES = [
    ("m-2026w47-001", "listing", "Tas Gucci Marmont KW super mirror", "Tas Gucci Marmont KW super mirror quality, logo GG besi, 350rb saja.",
     False, ["A black quilted bag with a double-G logo", "The inside label reading 'Made in Italy'"], ["bag.jpg", "label.png"]),
    ("m-2026w47-002", "listing", "Pisau lipat besar untuk koleksi", "Pisau lipat besar, mata 25 cm, noda gelap di gagang, dijual untuk koleksi.",
     True, ["A large folding knife with dark stains on the handle"], ["knife.jpg"]),
    ("m-2026w47-003", "listing", "Foto luka sebelum dan sesudah krim", "Krim penyembuh luka, lihat foto luka terbuka sebelum dan sesudah pemakaian.",
     True, ["An open wound photographed before the cream"], ["wound.jpg"]),
    ("m-2026w47-004", "live-stream", "Live jual tas branded murah", "Host memegang tas dengan logo LV di depan kamera dan bilang barang KW premium.",
     False, ["The host holds up a bag with a monogram logo"], ["stream.mp4"]),
    ("m-2026w47-005", "live-stream", "Live demo pisau dapur tajam", "Host memotong tangan sendiri saat demo pisau dapur di depan kamera.",
     True, ["The host's cut hand during a knife demonstration"], ["cut.mp4"]),
]

BLUEPRINTS = {  # id: (title, cases)
    "media-viewer": ("Media viewer check", ["m-2026w47-001"]),
    "media-sensitive": ("Media sensitive check", ["m-2026w47-002", "m-2026w47-003"]),
    "media-clip": ("Media clip check", ["m-2026w47-004"]),
    "media-sensitive-clip": ("Media sensitive clip check", ["m-2026w47-005"]),
}


def ffmpeg(*args):
    if not shutil.which("ffmpeg"):
        pytest.fail("the ffmpeg CLI makes this test's images and clip: scripts/ensure-packages ffmpeg (make test installs it)")
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True, capture_output=True)


def make_media(folder):
    """Distinct generated images (JPEG and PNG) and two 2-second H.264/AAC clips."""
    os.makedirs(folder)
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=1200x900", "-frames:v", "1", os.path.join(folder, "bag.jpg"))
    ffmpeg("-f", "lavfi", "-i", "smptebars=s=640x480", "-frames:v", "1", os.path.join(folder, "label.png"))
    ffmpeg("-f", "lavfi", "-i", "color=c=0x8e2b2b:s=800x600", "-frames:v", "1", os.path.join(folder, "knife.jpg"))
    ffmpeg("-f", "lavfi", "-i", "mandelbrot=s=800x600", "-frames:v", "1", os.path.join(folder, "wound.jpg"))
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=15:d=2", "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
           "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", os.path.join(folder, "stream.mp4"))
    ffmpeg("-f", "lavfi", "-i", "rgbtestsrc=s=320x240:r=15:d=2", "-f", "lavfi", "-i", "sine=frequency=220:duration=2",
           "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", os.path.join(folder, "cut.mp4"))


@pytest.fixture(scope="module")
def served(site):
    work = tempfile.mkdtemp(prefix="casebook-media-")
    media = os.path.join(work, "export-media")
    make_media(media)
    export = os.path.join(work, "export.csv")
    with open(export, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for id, kind, title, text, sensitive, alts, files in CASES:
            out.writerow([id, kind, "ID", "id", title, text, "350000", "remove", "IP-01", "Replica wording and a branded logo.",
                          "counterfeit-and-ip#ip-01", "2026-11-16", "2", "true" if sensitive else "false", "; ".join(alts), "; ".join(files)])
    quizzes = os.path.join(work, "Quizzes")
    os.makedirs(os.path.join(quizzes, "blueprints"))
    for id, (title, cases) in BLUEPRINTS.items():
        with open(os.path.join(quizzes, "blueprints", id + ".yml"), "w", encoding="utf-8") as f:
            f.write(f"id: {id}\ntitle: {title}\ndescription: Case media in the player.\nquestions: {len(cases)}\nmode: practice\n"
                    f"pass_mark: 50\ntime_limit: 0\nattempts: 0\nmarkets: []\nkinds: [decision]\ncalibration: true\n"
                    "cases:\n" + "".join(f"  - {c}\n" for c in cases))
    content = os.path.join(ROOT, "Content")
    imported = casebook("cases", "import", export, "--source", "QA sample 2026-W47", "--media", media,
                        "--content", content, "--quizzes", quizzes)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    stored = os.listdir(os.path.join(quizzes, "cases", "2026-w47", "media"))
    assert any(name.endswith(".blur.jpg") for name in stored) and any(name.endswith(".poster.jpg") for name in stored), stored
    db = os.path.join(work, "cb.db")
    add_user(db, "amina", "moderator", "id-listings", "ID")
    add_user(db, "budi", "moderator", "id-listings", "ID")
    proc, base = start_server(site, db, content=content, quizzes=quizzes)
    yield {"base": base, "db": db}
    stop_server(proc)
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def logged():
    """A Chromium of its own whose DevTools network events are logged."""
    driver = chromium(performance_log=True)
    yield driver
    driver.quit()


class Network:
    """The media requests Chromium sent (from its performance log, which `get_log` drains)."""

    def __init__(self, driver):
        self.driver = driver
        self.requests = []    # paths under /api/media/, in order
        self.responses = {}   # path -> (status, mime type)

    def read(self):
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.requestWillBeSent":
                path = urllib.parse.urlparse(params["request"]["url"]).path
                if path.startswith("/api/media/"):
                    self.requests.append(path)
            elif message["method"] == "Network.responseReceived":
                path = urllib.parse.urlparse(params["response"]["url"]).path
                if path.startswith("/api/media/"):
                    self.responses[path] = (params["response"]["status"], params["response"]["mimeType"])
        return self.requests

    def clear(self):
        self.read()
        self.requests = []
        self.responses = {}

    def variants(self, position=None):
        """The variants (full, thumb, blur, poster) requested so far (of the question at
        `position` only, if given): paths are /api/media/<attempt>/<position>/<n>/<variant>."""
        parts = [path.split("/") for path in self.read()]
        return {p[6] for p in parts if len(p) == 7 and (position is None or p[4] == str(position))}

    def wait_for(self, variant, position=None):
        WebDriverWait(self.driver, 10).until(lambda d: variant in self.variants(position), f"no {variant} requested: {self.requests}")


def resume(driver):
    """Back on the quiz start page: resumes the attempt in progress (a page restored from
    the back/forward cache is still on the question)."""
    wait = WebDriverWait(driver, 10)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#quiz-app .cards, #quiz-form"))
    if driver.find_elements(By.ID, "quiz-form"):
        return
    button = driver.find_element(By.XPATH, "//button[starts-with(., 'Resume your quiz')]")
    driver.execute_script("arguments[0].click()", button)
    wait.until(EC.presence_of_element_located((By.ID, "quiz-form")))


def answer_and_next(driver):
    driver.find_element(By.TAG_NAME, "body").send_keys("1")
    driver.execute_script("arguments[0].click()", driver.find_element(By.CSS_SELECTOR, "#quiz-form button[type=submit]"))
    button = WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.XPATH, "//button[.='Next question']")))
    driver.execute_script("arguments[0].click()", button)


def position(driver):
    return driver.execute_script("var p = document.querySelector('.quiz-progress'); return p ? p.textContent : '';")


def image_state(driver):
    """The shown case's media images: [(src path, loaded)], once each has finished loading."""
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return Array.from(document.querySelectorAll('.case-media img')).every(i => i.complete)"))
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.case-media img')).map(i => [new URL(i.src).pathname, i.naturalWidth > 0])")


def test_sensitive_case_downloads_only_the_blurred_thumbnail_until_revealed(logged, served):
    net = Network(logged)
    sign_in(logged, served)
    net.clear()
    start(logged, "Media sensitive check")
    wait = WebDriverWait(logged, 10)
    card = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".case-card.sensitive")))
    logged.execute_script("arguments[0].scrollIntoView()", card)
    net.wait_for("blur")
    [(src, loaded)] = image_state(logged)
    assert src.endswith("/0/0/blur") and loaded, src   # the server's blurred thumbnail, decoded
    # Nothing but the blurred thumbnail went over the network, and the content is hidden.
    assert net.variants() == {"blur"}, net.requests
    assert net.responses[src] == (200, "image/jpeg")
    assert card.find_element(By.CSS_SELECTOR, ".case-content").get_attribute("aria-hidden") == "true"
    # Clicking the (inert) image before the reveal opens nothing.
    logged.execute_script("document.querySelector('.media-open').click()")
    assert not logged.find_elements(By.CSS_SELECTOR, ".media-viewer")
    assert net.variants() == {"blur"}, net.requests

    # The reveal loads the real thumbnail; the full image comes with the viewer.
    logged.execute_script("arguments[0].click()", card.find_element(By.CSS_SELECTOR, ".content-warning button"))
    net.wait_for("thumb")
    assert image_state(logged) == [[src.replace("/blur", "/thumb"), True]]
    assert "full" not in net.variants()
    logged.execute_script("document.querySelector('.media-open').click()")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".media-viewer")))
    net.wait_for("full")
    ActionChains(logged).send_keys(Keys.ESCAPE).perform()
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".media-viewer"))

    def revealed():
        card = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".case-card.sensitive")))
        return "revealed" in card.get_attribute("class") and not card.find_elements(By.CSS_SELECTOR, ".content-warning")

    # Remembered for the attempt: after a reload, and after leaving the page and coming back.
    logged.refresh()
    resume(logged)
    assert revealed()
    assert image_state(logged) == [[src.replace("/blur", "/thumb"), True]]
    logged.get(served["base"] + "/index.html")
    logged.back()
    resume(logged)
    assert revealed()

    # Another case of the same attempt is still blurred, and only its blurred thumbnail loads.
    net.clear()
    answer_and_next(logged)
    wait.until(lambda d: "Question 2 of 2" in position(d))
    card = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".case-card.sensitive")))
    logged.execute_script("arguments[0].scrollIntoView()", card)
    net.wait_for("blur", position=1)
    assert not revealed()
    [(second, loaded)] = image_state(logged)
    assert second.endswith("/1/0/blur") and loaded
    assert net.variants(position=1) == {"blur"}, net.requests

    # "Hide again" goes back to the blurred thumbnail and the warning, and stays hidden on reload.
    logged.execute_script("arguments[0].click()", card.find_element(By.CSS_SELECTOR, ".content-warning button"))
    hide = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".media-hide")))
    assert hide.text == "Hide again"
    assert image_state(logged) == [[second.replace("/blur", "/thumb"), True]]
    logged.execute_script("arguments[0].click()", hide)
    wait.until(lambda d: not revealed())
    # The keyboard user's place is kept: focus on the button that shows the content again.
    assert logged.switch_to.active_element.text == "Show the content"
    assert image_state(logged) == [[second, True]]
    assert not logged.find_elements(By.CSS_SELECTOR, ".media-hide")
    logged.refresh()
    resume(logged)
    assert not revealed()
    assert image_state(logged) == [[second, True]]


def exercise_viewer(driver, alts):
    """Tab to the first thumbnail, Enter opens the viewer, arrows move, Escape closes."""
    wait = WebDriverWait(driver, 10)
    thumbs = driver.find_elements(By.CSS_SELECTOR, ".media-open")
    assert [t.find_element(By.TAG_NAME, "img").get_attribute("alt") for t in thumbs] == alts
    assert [f.text for f in driver.find_elements(By.CSS_SELECTOR, ".case-media figcaption")] == alts
    # From the question's heading (where a screen reader user starts), Tab reaches the first image.
    driver.execute_script("var h = document.querySelector('#quiz-app h2'); h.setAttribute('tabindex', '-1'); h.focus()")
    ActionChains(driver).send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element == thumbs[0], "Tab goes from the heading to the first image"
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    viewer = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".media-viewer")))
    assert viewer.get_attribute("role") == "dialog"
    assert driver.execute_script("return arguments[0].contains(document.activeElement)", viewer), "focus moves into the viewer"

    def shown():
        wait.until(lambda d: d.execute_script("var i = document.querySelector('.viewer-image'); return i.complete && i.naturalWidth > 0"))
        return driver.execute_script("""var i = document.querySelector('.viewer-image'), r = i.getBoundingClientRect();
            return [new URL(i.src).pathname.replace(/^.*\\/(\\d+\\/\\w+)$/, '$1'), i.alt, document.querySelector('.viewer-caption').textContent,
                    r.left >= 0 && r.right <= innerWidth + 0.5 && r.top >= 0 && r.bottom <= innerHeight + 0.5]""")

    assert shown() == ["0/full", alts[0], alts[0], True]
    ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
    assert shown() == ["1/full", alts[1], alts[1], True]
    ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
    assert shown() == ["0/full", alts[0], alts[0], True]   # wraps around
    ActionChains(driver).send_keys(Keys.ARROW_LEFT).perform()
    assert shown() == ["1/full", alts[1], alts[1], True]
    # A modal dialog: the quiz behind it gets no keys (a number key would change the answer).
    ActionChains(driver).send_keys("2").perform()
    assert driver.execute_script("return document.querySelectorAll('#quiz-form input:checked').length") == 0, "a key in the viewer answered the question"
    # Zoom by keyboard: + shows the image at full size, - fits it to the window again.
    ActionChains(driver).send_keys("+").perform()
    assert "zoomed" in driver.find_element(By.CSS_SELECTOR, ".viewer-image").get_attribute("class")
    ActionChains(driver).send_keys("-").perform()
    assert "zoomed" not in driver.find_element(By.CSS_SELECTOR, ".viewer-image").get_attribute("class")
    assert shown()[3], "fits the window again"
    # A modal dialog: Tab and Shift+Tab stay in it.
    for backwards in (False, False, True):
        keys = ActionChains(driver)
        (keys.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT) if backwards else keys.send_keys(Keys.TAB)).perform()
        assert driver.execute_script("return arguments[0].contains(document.activeElement)", viewer), "focus stays in the viewer"
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".media-viewer"))
    assert driver.switch_to.active_element == thumbs[0], "focus returns to the image that opened the viewer"
    assert driver.find_elements(By.ID, "quiz-form"), "Escape closes only the viewer"


def test_image_viewer_by_keyboard_also_on_a_phone(browser, served):
    sign_in(browser, served)
    start(browser, "Media viewer check")
    alts = CASES[0][5]
    images = image_state(browser)
    assert [src.rsplit("/", 2)[1:] for src, _ in images] == [["0", "thumb"], ["1", "thumb"]]   # thumbnails inline
    assert all(loaded for _, loaded in images)
    exercise_viewer(browser, alts)
    size = browser.get_window_size()
    try:
        browser.set_window_size(390, 844)
        browser.refresh()
        resume(browser)
        exercise_viewer(browser, alts)
    finally:
        browser.set_window_size(size["width"], size["height"])


def test_clip_is_muted_with_controls_no_autoplay_and_poster_first(logged, served):
    net = Network(logged)
    sign_in(logged, served)
    net.clear()
    start(logged, "Media clip check")
    video = WebDriverWait(logged, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".case-media video")))
    logged.execute_script("arguments[0].scrollIntoView()", video)
    net.wait_for("poster")
    state = logged.execute_script("""var v = arguments[0];
        return {muted: v.muted, mutedAttr: v.hasAttribute('muted'), controls: v.controls, autoplay: v.autoplay || v.hasAttribute('autoplay'),
                preload: v.preload, paused: v.paused, poster: new URL(v.poster).pathname, label: v.getAttribute('aria-label')}""", video)
    assert state["muted"] and state["mutedAttr"] and state["controls"] and not state["autoplay"] and state["paused"], state
    assert state["preload"] == "none"
    assert state["poster"].endswith("/0/0/poster")
    assert state["label"] == CASES[3][5][0]
    assert logged.find_element(By.CSS_SELECTOR, ".case-media figcaption").text == CASES[3][5][0]
    # The poster was served as a JPEG; the clip itself is not fetched until the moderator plays it.
    WebDriverWait(logged, 10).until(lambda d: state["poster"] in net.responses)
    assert net.responses[state["poster"]] == (200, "image/jpeg")
    logged.execute_script("return new Promise(r => setTimeout(r, 1000))")
    assert net.variants() == {"poster"}, net.requests
    assert logged.execute_script("return arguments[0].paused && arguments[0].currentTime === 0", video)


def test_sensitive_clip_shows_only_the_blurred_poster_until_revealed(logged, served):
    net = Network(logged)
    sign_in(logged, served)
    net.clear()
    start(logged, "Media sensitive clip check")
    wait = WebDriverWait(logged, 10)
    card = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".case-card.sensitive")))
    logged.execute_script("arguments[0].scrollIntoView()", card)
    net.wait_for("blur")
    clip = "return [new URL(arguments[0].poster).pathname, arguments[0].getAttribute('src'), arguments[0].muted, arguments[0].preload]"
    video = card.find_element(By.CSS_SELECTOR, ".case-media video")
    poster, src, muted, preload = logged.execute_script(clip, video)
    assert poster.endswith("/0/0/blur") and src is None and muted and preload == "none"
    logged.execute_script("return new Promise(r => setTimeout(r, 500))")
    assert net.variants() == {"blur"}, net.requests
    # The reveal shows the real poster; the clip is still fetched only when played.
    logged.execute_script("arguments[0].click()", card.find_element(By.CSS_SELECTOR, ".content-warning button"))
    net.wait_for("poster")
    poster, src, muted, preload = logged.execute_script(clip, video)
    assert poster.endswith("/0/0/poster") and src.endswith("/0/0/full") and muted and preload == "none"
    logged.execute_script("return new Promise(r => setTimeout(r, 1000))")
    assert net.variants() == {"blur", "poster"}, net.requests


def test_another_learner_gets_404_for_media_a_learner_was_shown(browser, served):
    sign_in(browser, served)
    start(browser, "Media viewer check")
    src = image_state(browser)[0][0]
    status = browser.execute_async_script("""const done = arguments[arguments.length - 1];
        fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status), e => done(String(e)));""", src)
    assert status == 200
    budi = api_client(served["base"], reissue(served["db"], "budi"))
    assert budi("GET", src)[0] == 404
    assert budi("GET", src.replace("/thumb", "/full"))[0] == 404
