#!/usr/bin/env python3
"""Converts Automattic/legalmattic (CC BY-SA 4.0) into a Casebook Content/ tree, for the third relevance set.

Usage: convert.py CHECKOUT_OR_GIT_DIR COMMIT OUT_CONTENT_DIR
Policies and terms (`*.md` outside `Offer Letters/`, which are employment offers, not policies)
and the DMCA team's predefined replies (`DMCA/Predefined Replies/**`, plain text) each become
one page of `legal/`, its id the file name in lower case with `-` for spaces and folders
(`dmca-to-user-final-strike-warning`; `<product>-terms` for `Terms of Service/<product>/`),
its title the document's first heading (with the product's name when it lacks it) or, for a reply,
"DMCA reply to the complainant: <file name>" / "DMCA reply to the user: <file name>". Casebook
front matter is added (id, title, owner, version, effective, status, lang); a leading heading
that repeats the title is dropped; links to other documents of the repository become their
text; images are dropped. The text is otherwise unchanged.
"""
import os
import re
import subprocess
import sys

src, commit, out = sys.argv[1:4]


def git(*args):
    return subprocess.run(["git", "-C", src, *args], capture_output=True, text=True, check=True).stdout


def slug(s):
    s = re.sub(r"\.(md|txt)$", "", s)
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def quoted(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


date = git("log", "-1", "--format=%cs", commit).strip()
files = [f for f in git("ls-tree", "-r", "--name-only", commit).split("\n") if f]
os.makedirs(os.path.join(out, "legal"), exist_ok=True)
with open(os.path.join(out, "legal", "_category.yml"), "w") as f:
    f.write("title: Legal\nsummary: Automattic's legal documents and DMCA replies (Automattic/legalmattic, CC BY-SA 4.0).\norder: 1\n")
for path in sorted(files):
    if path.startswith((".github/", "Offer Letters/")) or os.path.basename(path).lower() in ("readme.md", "license.txt"):
        continue
    reply = path.startswith("DMCA/Predefined Replies/")
    if not (path.endswith(".md") or reply):
        continue
    text = git("show", f"{commit}:{path}").replace("\r\n", "\n")
    name = os.path.basename(path)
    if reply:
        to = "the complainant" if "/To Complainant/" in path else "the user"
        page_id = "dmca-" + slug(path.split("/")[2]) + "-" + slug(name)
        title = f"DMCA reply to {to}: " + re.sub(r"\.txt$", "", name)
    else:
        folder = os.path.dirname(path)
        product = folder.split("/")[1] if folder.startswith("Terms of Service/") else ""
        page_id = slug(product) + "-terms" if product else slug(name)
        m = re.match(r"\s*(?:#+\s*(.+?)\s*#*\n|(.+)\n[-=]{3,}\n)", text)
        title = (m.group(1) or m.group(2)).strip().strip("*") if m else re.sub(r"\.md$", "", name).replace("-", " ")
        if m:
            text = text[m.end():]
        if product and product.lower() not in title.lower():
            title = product + " " + title
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\((?!https?:|mailto:)[^)]*\)", r"\1", text)
    front = [
        "---",
        f"id: {page_id}",
        f"title: {quoted(title)}",
        "owner: Automattic",
        'version: "1.0"',
        f"effective: {date}",
        "status: published",
        "lang: en",
        "---",
        "",
    ]
    with open(os.path.join(out, "legal", page_id + ".md"), "w") as f:
        f.write("\n".join(front) + text.lstrip("\n"))
