#!/usr/bin/env python3
"""Converts basecamp/policies (CC BY 4.0) into a Casebook Content/ tree, for the second relevance set.

Usage: convert.py CHECKOUT_OR_GIT_DIR COMMIT OUT_CONTENT_DIR
Each `<path>/index.md` becomes `policies/<path with - for />.md` (the root index becomes
`policies/policies-index.md`) with Casebook front matter (id, title, summary from
`description`, owner, version, effective, status, lang). Links to other pages or files of the
repository become their text (the corpus links site-absolute paths of its own site); images are
dropped. The text is otherwise unchanged.
"""
import os
import re
import subprocess
import sys

src, commit, out = sys.argv[1:4]


def git(*args):
    return subprocess.run(["git", "-C", src, *args], capture_output=True, text=True, check=True).stdout


date = git("log", "-1", "--format=%cs", commit).strip()
files = [f for f in git("ls-tree", "-r", "--name-only", commit).split("\n") if f.endswith("index.md")]
os.makedirs(os.path.join(out, "policies"), exist_ok=True)
with open(os.path.join(out, "policies", "_category.yml"), "w") as f:
    f.write("title: Policies\nsummary: 37signals policies (basecamp/policies, CC BY 4.0).\norder: 1\n")
for path in sorted(files):
    text = git("show", f"{commit}:{path}")
    meta = {}
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if m:
        for line in m.group(1).split("\n"):
            k, _, v = line.partition(":")
            meta[k.strip()] = v.strip().strip("'\"")
        text = text[m.end():]
    folder = os.path.dirname(path)
    page_id = folder.replace("/", "-") if folder else "policies-index"
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\((?!https?:|mailto:)[^)]*\)", r"\1", text)

    def quoted(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    front = [
        "---",
        f"id: {page_id}",
        f"title: {quoted(meta.get('title', page_id))}",
        f"summary: {quoted(meta.get('description', ''))}",
        "owner: 37signals",
        'version: "1.0"',
        f"effective: {date}",
        "status: published",
        "lang: en",
        "---",
        "",
    ]
    with open(os.path.join(out, "policies", page_id + ".md"), "w") as f:
        f.write("\n".join(front) + text.lstrip("\n"))
