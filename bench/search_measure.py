"""Search benchmark measurements in headless Chromium: bytes fetched per query and ranking.

Usage: search_measure.py bytes SITE_DIR QUERY...           (Casebook index, file://)
       search_measure.py pagefind-bytes SITE_DIR QUERY...  (Pagefind index, over HTTP)
       search_measure.py pagefind-rank SITE_DIR RELEVANCE.tsv
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


def serve(directory):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=directory)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    handler = functools.partial(Quiet, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def casebook_bytes(site, queries):
    """Every file the page loads for one query typed into a fresh page: the search script and the index files."""
    d = browser()
    out = {}
    try:
        for q in queries:
            d.get("file://" + os.path.join(site, "index.html"))
            box = d.find_element(By.ID, "site-search")
            box.send_keys(q)
            WebDriverWait(d, 30).until(lambda x: x.find_elements(By.ID, "site-search-option-0") or
                                       "No results" in x.find_element(By.ID, "site-search-results").text)
            time.sleep(0.3)
            srcs = d.execute_script("return Array.from(document.scripts).map(s => s.src).filter(s => s.indexOf('/search') >= 0)")
            files = sorted({s.replace("file://", "") for s in srcs})
            total = sum(os.path.getsize(f) for f in files)
            gz = sum(len(gzip.compress(open(f, "rb").read(), 6)) for f in files)
            out[q] = {"bytes": total, "gzip": gz, "files": len(files)}
    finally:
        d.quit()
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


def pagefind_bytes(site, queries):
    page = os.path.join(site, "pf-bench.html")
    with open(page, "w") as f:
        f.write(PAGEFIND_PAGE)
    server = serve(site)
    d = browser()
    out = {}
    try:
        for q in queries:
            d.get(f"http://127.0.0.1:{server.server_port}/pf-bench.html")
            WebDriverWait(d, 10).until(lambda x: x.execute_script("return typeof window.run === 'function'"))
            d.execute_async_script("const done = arguments[arguments.length-1]; window.run(arguments[0], 6).then(done, e => done(String(e)));", q)
            entries = d.execute_script("return performance.getEntriesByType('resource').map(e => [e.name, e.encodedBodySize])")
            names = [e[0] for e in entries if "/pagefind/" in e[0]]
            paths = [os.path.join(site, n.split(f":{server.server_port}/", 1)[1]) for n in names]
            gz = sum(len(gzip.compress(open(p, "rb").read(), 6)) if not p.endswith((".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter")) else os.path.getsize(p) for p in paths)
            out[q] = {"bytes": sum(e[1] for e in entries if "/pagefind/" in e[0]), "gzip": gz, "files": len(names)}
    finally:
        d.quit()
        server.shutdown()
        os.remove(page)
    return out


def pagefind_rank(site, relevance):
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
                    if key not in ranked:
                        ranked.append(key)
            if row["expected"] in ranked:
                rank = ranked.index(row["expected"])
                rr += 1 / (rank + 1)
                top3 += rank < 3
    finally:
        d.quit()
        server.shutdown()
        os.remove(page)
    return {"queries": len(rows), "mrr": rr / len(rows), "recall_at_3": top3 / len(rows)}


if __name__ == "__main__":
    mode, site = sys.argv[1], sys.argv[2]
    if mode == "bytes":
        print(json.dumps(casebook_bytes(site, sys.argv[3:])))
    elif mode == "pagefind-bytes":
        print(json.dumps(pagefind_bytes(site, sys.argv[3:])))
    elif mode == "pagefind-rank":
        print(json.dumps(pagefind_rank(site, sys.argv[3])))
