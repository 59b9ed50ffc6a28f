#!/usr/bin/env python3
"""Write a Confluence space exported as HTML, for measuring `casebook import-docs` on one.

Usage: gen_confluence.py PAGES OUT

OUT (which must not exist) gets what Confluence's "Export space > HTML" writes: `index.html`
with the page tree under "Available Pages", one `SOP-<n>-<word>_<id>.html` per page with its
breadcrumb, "Space : Title", metadata line and body in `#main-content`, and
`attachments/<id>/1.png`. Each page has a picture and 4 sections, each with a paragraph and a
line break, a link to another page, nested lists, a note panel and a table; the first 20
pages are top-level, each later one the child of one of the first 200. Seeded: the same
arguments give the same files.

Python 3.11 standard library only. Prints one summary line to stderr.
"""

from __future__ import annotations

import os
import random
import sys

WORDS = "seller listing counterfeit brand replica price refund escalate host stream review evidence image clip market policy".split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def page(title: str, parent: tuple[str, str] | None, body: str, day: int) -> str:
    crumb = f'<li><span><a href="{parent[0]}">{parent[1]}</a></span></li>' if parent else ""
    return (
        f'<!DOCTYPE html><html><head><title>Ops : {title}</title></head><body>'
        f'<div id="main-header"><ol id="breadcrumbs"><li class="first"><span><a href="index.html">Ops</a></span></li>{crumb}</ol>'
        f'<h1 id="title-heading"><span id="title-text">Ops : {title}</span></h1></div>'
        f'<div id="content" class="view"><div class="page-metadata">Created by <span class="author">A</span>, last modified on Mar 0{day}, 2026</div>'
        f'<div id="main-content" class="wiki-content group">{body}</div></div></body></html>'
    )


def main() -> None:
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: gen_confluence.py PAGES OUT")
    n, out = int(sys.argv[1]), sys.argv[2]
    if os.path.exists(out):
        sys.exit(f"gen_confluence: {out} exists; give a new folder")
    rng = random.Random(7)
    names = []
    for i in range(n):
        word = rng.choice(WORDS)
        names.append((f"SOP-{i}-{word}_{100000 + i}.html", f"SOP {i} {word}"))
    children: dict[str | None, list[int]] = {}
    for i, (file, title) in enumerate(names):
        parent = None if i < 20 else names[rng.randrange(0, min(i, 200))]
        children.setdefault(parent[0] if parent else None, []).append(i)
        os.makedirs(f"{out}/attachments/{100000 + i}")
        with open(f"{out}/attachments/{100000 + i}/1.png", "w") as f:
            f.write("png")
        sections = []
        for s in range(4):
            other = names[rng.randrange(n)] if i else names[0]
            sections.append(
                f'<h2 id="SOP{i}-Section{s}">Section {s}</h2><p>{sentence(rng, 40)}<br/>{sentence(rng, 20)} '
                f'See <a href="{other[0]}">{other[1]}</a>.</p>'
                f'<ul><li>{sentence(rng, 8)}</li><li>{sentence(rng, 8)}<ul><li>{sentence(rng, 5)}</li></ul></li></ul>'
                f'<div class="confluence-information-macro confluence-information-macro-note"><div class="confluence-information-macro-body"><p>{sentence(rng, 12)}</p></div></div>'
                f'<div class="table-wrap"><table class="confluenceTable"><tr><th>Signal</th><th>Action</th></tr>'
                f'<tr><td>{sentence(rng, 4)}</td><td>{sentence(rng, 3)}</td></tr></table></div>')
        body = f'<p><img class="confluence-embedded-image" src="attachments/{100000 + i}/1.png"></p>' + "".join(sections)
        with open(f"{out}/{file}", "w") as f:
            f.write(page(title, parent, body, 1 + i % 9))

    def tree(parent: str | None) -> str:
        kids = children.get(parent, [])
        if not kids:
            return ""
        return "<ul>" + "".join(f'<li><a href="{names[k][0]}">{names[k][1]}</a>{tree(names[k][0])}</li>' for k in kids) + "</ul>"

    with open(f"{out}/index.html", "w") as f:
        f.write(f'<html><head><title>Ops</title></head><body><div class="pageSection"><h2>Available Pages:</h2>{tree(None)}</div></body></html>')
    print(f"gen_confluence: {n} pages in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
