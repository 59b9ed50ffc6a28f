"""Search benchmark measurements in headless Chromium: bytes fetched per query and ranking.

Usage: search_measure.py bytes SITE_DIR QUERY...           (Casebook index, file://)
       search_measure.py pagefind-bytes SITE_DIR QUERY...  (Pagefind index, over HTTP)
       search_measure.py pagefind-rank SITE_DIR RELEVANCE.tsv [pages]   (with `pages`: page-level)
Prints JSON on stdout.
"""
import csv
import functools
import gzip
import http.server
import json
import os
import shutil
import sys
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    d = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    d.set_script_timeout(120)
    return d


def serve(directory, requests=None):
    """A local HTTP server for `directory`; every path it is asked for is appended to `requests`."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def log_request(self, code="-", size="-"):
            if requests is not None:
                requests.append(self.path.split("?", 1)[0])
    handler = functools.partial(Quiet, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def sizes(paths, precompressed=()):
    """Raw bytes and gzip-6 bytes of files; files already compressed on disk count as they are."""
    raw = gz = 0
    for p in paths:
        data = open(p, "rb").read()
        raw += len(data)
        gz += len(data) if p.endswith(precompressed) else len(gzip.compress(data, 6))
    return raw, gz


def casebook_bytes(site, queries):
    """Every search file a fresh browser loads for one query typed into a page: the search
    scripts (assets/search*.js) and the index files (search/...). The site script, which
    every page loads whether or not anyone searches, is not counted."""
    out = {}
    for q in queries:
        d = browser()  # a new browser per query: nothing cached from the one before
        try:
            d.get("file://" + os.path.join(site, "index.html"))
            box = d.find_element(By.ID, "site-search")
            box.send_keys(q)
            WebDriverWait(d, 30).until(lambda x: x.find_elements(By.ID, "site-search-option-0") or
                                       "No results" in x.find_element(By.ID, "site-search-results").text)
            time.sleep(0.3)
            srcs = d.execute_script("return Array.from(document.scripts).map(s => s.src)")
        finally:
            d.quit()
        files = sorted({s.replace("file://", "").split("?", 1)[0] for s in srcs if s})
        files = [f for f in files if os.path.relpath(f, site).startswith(("search/", "assets/search"))]
        raw, gz = sizes(files)
        out[q] = {"bytes": raw, "gzip": gz, "files": len(files)}
    return out


PAGEFIND_PAGE = """<!doctype html><meta charset=utf-8><title>pf</title>
<script type=module>
window.run = async function (q, n) {
  const pf = await import('/pagefind/pagefind.js');
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, n).map(x => x.data()));
  return data.map(d => d.sub_results && d.sub_results.length ? d.sub_results.map(s => s.url) : [d.url]);
};
</script>"""


# Pagefind writes its index, fragments and wasm gzip-compressed; they travel as they are.
PAGEFIND_PRECOMPRESSED = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind")


def pagefind_bytes(site, queries):
    """Every Pagefind file a fresh browser fetches for one query and the first six results.

    Counted from the server's side: Pagefind 1.5 fetches its wasm, index chunks and fragments
    from a web worker, whose requests are not in the page's resource timing entries."""
    page = os.path.join(site, "pf-bench.html")
    with open(page, "w") as f:
        f.write(PAGEFIND_PAGE)
    requests = []
    server = serve(site, requests)
    out = {}
    try:
        for q in queries:
            d = browser()  # a new browser per query: nothing cached from the one before
            try:
                d.get(f"http://127.0.0.1:{server.server_port}/pf-bench.html")
                WebDriverWait(d, 10).until(lambda x: x.execute_script("return typeof window.run === 'function'"))
                requests.clear()
                d.execute_async_script("const done = arguments[arguments.length-1]; window.run(arguments[0], 6).then(done, e => done(String(e)));", q)
                time.sleep(0.3)
            finally:
                d.quit()
            paths = sorted({os.path.join(site, r.lstrip("/")) for r in requests if r.startswith("/pagefind/")})
            raw, gz = sizes(paths, PAGEFIND_PRECOMPRESSED)
            out[q] = {"bytes": raw, "gzip": gz, "files": len(paths)}
    finally:
        server.shutdown()
        os.remove(page)
    return out


def pagefind_rank(site, relevance, pages=False):
    with open(relevance, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    page = os.path.join(site, "pf-bench.html")
    with open(page, "w") as f:
        f.write(PAGEFIND_PAGE)
    server = serve(site)
    d = browser()
    rr, top3 = 0.0, 0
    try:
        d.get(f"http://127.0.0.1:{server.server_port}/pf-bench.html")
        WebDriverWait(d, 10).until(lambda x: x.execute_script("return typeof window.run === 'function'"))
        for row in rows:
            groups = d.execute_async_script("const done = arguments[arguments.length-1]; window.run(arguments[0], 10).then(done, e => done([]));", row["query"])
            ranked = []
            for g in groups or []:
                for u in g:
                    key = u.split("/sop/")[-1].replace(".html", "")
                    if pages:
                        key = key.split("#")[0]
                    if key not in ranked:
                        ranked.append(key)
            expected = row["expected"].split("#")[0] if pages else row["expected"]
            if expected in ranked:
                rank = ranked.index(expected)
                rr += 1 / (rank + 1)
                top3 += rank < 3
    finally:
        d.quit()
        server.shutdown()
        os.remove(page)
    return {"queries": len(rows), "mrr": rr / len(rows), "recall_at_3": top3 / len(rows)}


if __name__ == "__main__":
    mode, site = sys.argv[1], os.path.abspath(sys.argv[2])
    if mode == "bytes":
        print(json.dumps(casebook_bytes(site, sys.argv[3:])))
    elif mode == "pagefind-bytes":
        print(json.dumps(pagefind_bytes(site, sys.argv[3:])))
    elif mode == "pagefind-rank":
        result = pagefind_rank(site, sys.argv[3], pages=sys.argv[4:5] == ["pages"])
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()}))
