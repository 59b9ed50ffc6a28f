"""Search in the static site, in real headless Chromium, opened straight from disk (file://)."""
import csv
import json
import os
import shutil
import subprocess
import tempfile
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import CASEBOOK, ROOT, casebook

RELEVANCE = os.path.join(ROOT, "Tests", "SearchTests", "Fixtures", "relevance.tsv")


FIRST_HREF = "var a = document.getElementById('site-search-option-0'); return a ? a.href : null;"


def url_of(site, path):
    return "file://" + os.path.join(site, path)


def key(url):
    """sop/counterfeit-and-ip.html#ip-03 -> counterfeit-and-ip#ip-03"""
    path, _, fragment = url.partition("#")
    return path.split("?")[0].replace("sop/", "").replace(".html", "") + ("#" + fragment if fragment else "")


def test_type_a_query_open_the_first_result_and_land_on_the_section(site, browser):
    browser.get(url_of(site, "index.html"))
    wait = WebDriverWait(browser, 10)
    # "/" focuses the search box from anywhere on the page.
    browser.find_element(By.TAG_NAME, "body").send_keys("/")
    box = browser.switch_to.active_element
    assert box.get_attribute("id") == "site-search"
    box.send_keys("replica wording")
    # Results render as you type: wait for the ones for the whole query (re-reading the DOM each time).
    wait.until(lambda d: "counterfeit-and-ip.html" in (d.execute_script(FIRST_HREF) or "") and (d.execute_script(FIRST_HREF) or "").endswith("#ip-03"))
    first = browser.find_element(By.ID, "site-search-option-0")
    assert "counterfeit-and-ip.html" in first.get_attribute("href")
    assert first.get_attribute("href").endswith("#ip-03")
    assert first.find_elements(By.TAG_NAME, "mark"), "matched words are highlighted in the snippet"
    box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant") == "site-search-option-0"
    box.send_keys(Keys.ENTER)
    wait.until(lambda d: "counterfeit-and-ip.html" in d.current_url)
    assert browser.current_url.endswith("#ip-03")
    heading = browser.find_element(By.ID, "ip-03")
    assert "IP-03" in heading.text
    marks = browser.find_elements(By.CSS_SELECTOR, ".sop-body mark")
    assert any(m.text.lower().startswith(("replica", "wording")) for m in marks)
    # The section is in view: the browser scrolled to the anchor.
    wait.until(lambda d: d.execute_script(
        "var r = document.getElementById('ip-03').getBoundingClientRect(); return r.top >= -5 && r.top < window.innerHeight / 2;"))


def test_search_page_links_work(site, browser):
    browser.get(url_of(site, "search.html") + "?q=" + quote("alcohol market:TH"))
    wait = WebDriverWait(browser, 10)
    first = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#search-page-results .search-result")))
    assert key(first.get_attribute("href").split(site + "/")[1]).startswith("restricted-items#")
    assert browser.find_element(By.ID, "search-page-query").get_attribute("value") == "alcohol market:TH"


def test_thai_query_finds_the_thai_sop(site, browser):
    browser.get(url_of(site, "index.html"))
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("สินค้าปลอม")
    WebDriverWait(browser, 10).until(lambda d: "counterfeit-and-ip-th.html" in (d.execute_script(FIRST_HREF) or ""))


POLICIES = os.path.join(ROOT, "Tests", "SearchTests", "Fixtures", "basecamp-policies")
LEGAL = os.path.join(ROOT, "Tests", "SearchTests", "Fixtures", "automattic-legal")
MOZILLA = os.path.join(ROOT, "Tests", "SearchTests", "Fixtures", "mozilla-legal")
# Queries with words no page uses, found through the built-in thesaurus (one word, phrases,
# other forms of a member).
THESAURUS_QUERIES = ["deceased user account access", "scraping user data from other accounts", "passing away", "reimbursed",
                     "will the product be shut down", "outage credits", "memorialize", "turn off ads", "scrapers and crawlers"]
# Queries that go through Content/_search.yml (one-way expansions, groups, multi-word rules).
SYNONYM_QUERIES = ["fake handbag", "dupe", "revenge porn", "whatsapp payment", "kids on stream", "e-cig thailand",
                   "kyc documents", "mental health", "ban evasion", "police request", "kw tas", "stun gun", "taser"]


def built(fixture, prefix):
    work = tempfile.mkdtemp(prefix=prefix)
    out = os.path.join(work, "site")
    subprocess.run([CASEBOOK, "build", "--content", os.path.join(fixture, "Content"), "--out", out], check=True, capture_output=True)
    return work, out


@pytest.fixture(scope="module")
def policies_site():
    """The second relevance set's corpus (basecamp/policies), built."""
    work, out = built(POLICIES, "casebook-policies-")
    yield out
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def legal_site():
    """The third relevance set's corpus (Automattic/legalmattic), built."""
    work, out = built(LEGAL, "casebook-legal-")
    yield out
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def mozilla_site():
    """The fourth relevance set's corpus (mozilla/legal-docs, with Indonesian translations), built."""
    work, out = built(MOZILLA, "casebook-mozilla-")
    yield out
    shutil.rmtree(work, ignore_errors=True)


def compare_ranking(site, browser, queries):
    """Each query's results (page, then its folded sections) in the browser and from the CLI, as
    many as the search box shows (5) and as the search page shows (20); the box's are the page's
    first five."""
    browser.get(url_of(site, "index.html"))
    browser_results = browser.execute_async_script(
        """
        var queries = arguments[0], done = arguments[arguments.length - 1], out = {};
        (async function () {
          for (const q of queries) {
            for (const n of [5, 20]) {
              out[n + " " + q] = (await CasebookSearch.search(q, n)).map(r => [r.url].concat((r.more || []).map(m => m.url)));
            }
          }
          done(out);
        })().catch(e => done({error: String(e)}));
        """, queries)
    assert "error" not in browser_results, browser_results.get("error")
    mismatches, unlike = [], []
    for q in queries:
        for n in (5, 20):
            cli = casebook("search", q, "--site", site, "--limit", str(n), "--json")
            cli_urls = [[r["url"]] + [m["url"] for m in r["more"]] for r in json.loads(cli.stdout or "[]")]
            if cli_urls != browser_results[f"{n} {q}"]:
                mismatches.append((n, q, cli_urls[:3], browser_results[f"{n} {q}"][:3]))
        if browser_results[f"5 {q}"] != browser_results[f"20 {q}"][:5]:
            unlike.append(q)
    assert not mismatches, f"{len(mismatches)} queries rank differently: {mismatches[:5]}"
    assert not unlike, f"{len(unlike)} queries: the search box's results are not the search page's first: {unlike[:5]}"


def test_browser_and_cli_rank_the_relevance_set_identically(site, browser):
    queries = []
    for name in (RELEVANCE, RELEVANCE.replace("relevance.tsv", "relevance-more.tsv")):
        with open(name, encoding="utf-8") as f:
            queries += [row["query"] for row in csv.DictReader(f, delimiter="\t")]
    assert len(queries) >= 100
    # And queries that match an SOP in several languages (one result, the language shown chosen
    # by the words matched).
    compare_ranking(site, browser, queries + SYNONYM_QUERIES + THESAURUS_QUERIES + ["IP01", "se04 brushing", "ri-0", "livestream", "live stream", "barang palsu",
                                                              "tas kw replica", "kid on livestream", "สินค้าปลอม counterfeit"])


def test_browser_and_cli_rank_the_second_set_identically(policies_site, browser):
    with open(os.path.join(POLICIES, "queries.tsv"), encoding="utf-8") as f:
        queries = [row["query"] for row in csv.DictReader(f, delimiter="\t")]
    assert len(queries) >= 40
    # Also words that only reach a page through a longer form of their stem ("threats" finds
    # "threaten") and headings that hold the query words.
    compare_ranking(policies_site, browser, queries + THESAURUS_QUERIES + ["threats", "report threats", "cancelled account",
                                                                          "what happens when you cancel", "uptime", "refund credit"])


def test_browser_and_cli_rank_the_third_set_identically(legal_site, browser):
    with open(os.path.join(LEGAL, "queries.tsv"), encoding="utf-8") as f:
        queries = [row["query"] for row in csv.DictReader(f, delimiter="\t")]
    assert len(queries) >= 40
    compare_ranking(legal_site, browser, queries + THESAURUS_QUERIES)


def test_browser_and_cli_rank_the_fourth_set_identically(mozilla_site, browser):
    with open(os.path.join(MOZILLA, "queries.tsv"), encoding="utf-8") as f:
        queries = [row["query"] for row in csv.DictReader(f, delimiter="\t")]
    assert len(queries) >= 40
    # Its Indonesian queries choose between an SOP and its translation by the words matched.
    compare_ranking(mozilla_site, browser, queries + THESAURUS_QUERIES + ["pemberitahuan dmca", "dmca notice", "akun mozilla"])


def test_a_synonym_finds_the_trainers_word_and_one_page_does_not_fill_the_list(site, browser):
    browser.get(url_of(site, "search.html") + "?q=" + quote("dupe handbag"))
    wait = WebDriverWait(browser, 10)
    first = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#search-page-results .search-result")))
    assert "counterfeit-and-ip.html" in first.get_attribute("href")
    # The page never says "dupe": the group [counterfeit, ..., dupe] of Content/_search.yml found it.
    assert "Counterfeit" in first.text and "dupe" not in first.text.lower()
    tops = [a.get_attribute("href").split("#")[0].split("?")[0]
            for a in browser.find_elements(By.CSS_SELECTOR, "#search-page-results .search-page-list > li > .search-result")]
    assert len(tops) == len(set(tops)), "each page is listed once"
    folded = browser.find_elements(By.CSS_SELECTOR, "#search-page-results details.search-result-more")
    assert folded and not folded[0].get_attribute("open"), "more sections of a page are folded under it"


def test_no_external_requests(site, browser):
    browser.get(url_of(site, "sop/counterfeit-and-ip.html"))
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("knife")
    WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.ID, "site-search-option-0")))
    resources = browser.execute_script("""
        return Array.from(document.querySelectorAll('script[src], link[href], img[src], iframe[src], a[href]'))
          .filter(e => e.tagName !== 'A' || e.hasAttribute('download'))
          .map(e => e.src || e.href);""")
    assert any("/search/meta.js" in r for r in resources), "the index was loaded as scripts"
    assert all(r.startswith("file://") for r in resources), [r for r in resources if not r.startswith("file://")]


def test_the_browser_names_filter_files_as_the_index_does(site, browser):
    """Vectors of SearchEngineTests.longKeysHaveShortFileNames: a long tag's filter file."""
    browser.get(url_of(site, "index.html"))
    names = browser.execute_script(
        "return arguments[0].map(function (k) { return CasebookSearch.filterFile(k); });",
        ["tag:pricing",
         "tag:attend, attending, speaking, speaker, event, event, conference, conferences, idp, training, sf-182, sf182",
         "tag:" + "\u0e02" * 40])
    assert names == [
        "f/7461673a70726963696e67",
        "f/7461673a617474656e642c20617474656e64696e672c20737065616b696e672c20737065616b6572-fc0e87c7",
        "f/7461673ae0b882e0b882e0b882e0b882e0b882e0b882e0b882e0b882e0b882e0b882e0b882e0b882-16c9030b",
    ]


def test_a_page_named_in_thai_opens_from_its_links_and_from_search(browser):
    """An SOP whose id and tag are Thai words: its links percent-encode them, and the browser
    opens the UTF-8 file name they decode to (written under the encoded name, it was "not found")."""
    work = tempfile.mkdtemp(prefix="casebook-thai-names-")
    try:
        content = os.path.join(work, "Content")
        os.makedirs(os.path.join(content, "policies"))
        with open(os.path.join(content, "policies", "fakes.md"), "w", encoding="utf-8") as f:
            f.write("---\nid: สินค้า-ปลอม\ntitle: สินค้าปลอม\ntags: [ของปลอม]\n---\n## สัญญาณ\n\nคำว่า ORI ในชื่อสินค้า\n")
        with open(os.path.join(content, "policies", "index-of-fakes.md"), "w", encoding="utf-8") as f:
            f.write("---\nid: fakes-index\ntitle: Fakes index\n---\n## Links\n\nSee [สินค้าปลอม](fakes.md#สัญญาณ).\n")
        out = os.path.join(work, "site")
        subprocess.run([CASEBOOK, "build", "--content", content, "--out", out], check=True, capture_output=True)
        wait = WebDriverWait(browser, 10)
        browser.get(url_of(out, "sop/fakes-index.html"))
        browser.find_element(By.CSS_SELECTOR, ".sop-body a[href*='%E0%B8']").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "h1") and "สินค้าปลอม" in d.find_element(By.CSS_SELECTOR, "h1").text)
        # The tag chip leads to the tag's page.
        browser.find_element(By.CSS_SELECTOR, "a.chip[href*='tags/']").click()
        wait.until(lambda d: "ของปลอม" in d.find_element(By.CSS_SELECTOR, "h1").text)
        # And search finds the page and opens it.
        browser.get(url_of(out, "search.html") + "?q=" + quote("ORI"))
        first = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#search-page-results .search-result")))
        first.click()
        wait.until(lambda d: "สินค้าปลอม" in d.find_element(By.CSS_SELECTOR, "h1").text)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_browser_and_cli_rank_japanese_and_thai_identically_when_their_keys_are_split(browser):
    """Pages in Japanese and Thai (bigram terms) large enough that their first letters' shards
    are split: the browser finds each term's shard by its next letter's bucket, as the index
    wrote it (by the letter itself, it looked in a file the index no longer writes)."""
    import random
    rng = random.Random(11)
    kana = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ"
    thai = "กขคงจฉชซญดตถทธนบปผพฟมยรลวสหอฮะาิีึืุูเแโใไ่้"
    work = tempfile.mkdtemp(prefix="casebook-bigrams-")
    try:
        content = os.path.join(work, "Content", "pages")
        os.makedirs(content)
        queries = []
        for p in range(240):
            letters = kana if p % 2 == 0 else thai
            text = "".join(rng.choice(letters) for _ in range(3000))
            phrase = "".join(rng.choice(letters) for _ in range(5))
            queries += [phrase, text[100:104]]
            with open(os.path.join(content, f"p{p}.md"), "w", encoding="utf-8") as f:
                f.write(f"---\nid: p{p}\ntitle: Page {p}\n---\n## Part\n\n{text}\n\n{phrase}\n")
        # A page that also holds an accented Latin letter: its kana stay whole (decomposed, the
        # browser never found them).
        with open(os.path.join(content, "cafe.md"), "w", encoding="utf-8") as f:
            f.write("---\nid: cafe\ntitle: Café\n---\n## Menu\n\nがいこくの商品 café\n")
        queries.append("がい")
        out = os.path.join(work, "site")
        subprocess.run([CASEBOOK, "build", "--content", os.path.join(work, "Content"), "--out", out], check=True, capture_output=True)
        browser.get(url_of(out, "index.html"))
        found = browser.execute_async_script(
            "var done = arguments[arguments.length - 1]; CasebookSearch.search('がい', 3).then(r => done(r.map(x => x.url)));")
        assert found and found[0].startswith("sop/cafe.html"), found
        keys = [bytes.fromhex(n[:-3]).decode("utf-8") for n in os.listdir(os.path.join(out, "search", "t")) if "-" not in n]
        assert any(len(k) == 2 and 0xE000 <= ord(k[1]) < 0xE010 for k in keys), "the test needs bucketed keys"
        compare_ranking(out, browser, queries[:40] + queries[-1:])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_browser_and_cli_rank_prefixes_with_marks_stopword_synonyms_and_odd_spaces_identically(browser):
    """Cases where the engines differed (2026-12-07): an Arabic prefix whose next letter carries
    a mark (`التعر` for `التعرّض`: Swift compared whole characters, the CLI found nothing), a
    prefix with more than 20 extensions, some with hamza (the two kept different ones), a
    synonym phrase holding a stopword, and queries with a byte-order mark, U+0085 or a mark
    after a space (each engine split them its own way)."""
    import random
    rng = random.Random(5)
    letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
    hamza = "أإآؤئ"
    work = tempfile.mkdtemp(prefix="casebook-marks-")
    try:
        content = os.path.join(work, "Content")
        os.makedirs(os.path.join(content, "policies"))
        def page(name, front, body):
            with open(os.path.join(content, "policies", name), "w", encoding="utf-8") as f:
                f.write("---\n" + front + "\n---\n" + body)
        sections = "".join("## قسم %d\n\nنص %s هنا.\n\n" % (i, "الم" + rng.choice(hamza + letters) + "".join(rng.choice(letters) for _ in range(3)))
                           for i in range(30))
        page("ar.md", "id: ar\ntitle: سياسة\nlang: ar", sections + "## التعرّض\n\nحدود التعرّض للمحتوى والسلع المقلّدة.\n")
        for j in range(5):
            page(f"ar{j}.md", f"id: ar{j}\ntitle: صفحة {j}\nlang: ar", "## قسم\n\nنص %s\n" % ("الم" + hamza[j] + "ثال" + letters[j]))
        page("cod.md", "id: cod\ntitle: Cash on delivery refunds", "## Cash on delivery refund rules\n\nA buyer who paid cash on delivery gets a refund within 3 days.\n")
        page("wallet.md", "id: wallet\ntitle: Wallet payments", "## Payment methods\n\nWallet, card and COD are accepted. A counterfeit refund goes back to the card. FY24 fees apply.\n")
        with open(os.path.join(content, "_search.yml"), "w", encoding="utf-8") as f:
            f.write("en:\n  groups:\n    - [cod, cash on delivery]\n")
        out = os.path.join(work, "site")
        subprocess.run([CASEBOOK, "build", "--content", content, "--out", out], check=True, capture_output=True)
        found = json.loads(casebook("search", "التعر", "--site", out, "--json").stdout)
        assert found and found[0]["url"].startswith("sop/ar.html"), found
        first = json.loads(casebook("search", "cash on delivery refund", "--site", out, "--json").stdout)
        assert first[0]["url"] == "sop/cod.html#cash-on-delivery-refund-rules", first
        compare_ranking(out, browser, ["التعر", "المقل", "الم", "الما", "cash on delivery refund", "cod", "cash on",
                                       "counterf\ufeff", "counterf\u0085", "wallet \u0301card", "refund\u3000card ", "fy24", "FY-24", "fy24 fees"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
