#!/usr/bin/env python3
"""Converts mozilla/legal-docs (CC BY-SA 3.0) into a Casebook Content/ tree, for the fourth relevance set.

Usage: convert.py CHECKOUT_OR_GIT_DIR COMMIT OUT_CONTENT_DIR
The current English documents (`en/*.md`; not `en/archive/`, nor the HTML and PDF copies) become
pages of `mozilla/`, their ids the file names with `-` for `_` (`acceptable-use-policy`), their
titles the documents' first headings without markup. Titles that two documents share, or that
do not name their product, get the product's name (`Pocket Privacy Policy (EU)`). The Indonesian
documents (`id/*.md`) become translations of them in `mozilla/id/` (id `<original>-id`, lang
`id`). The preview of the next Firefox privacy notice is a draft. Casebook front matter is
added (id, title, owner, version, effective, status, lang; translation_of and source_version for
translations); the leading heading is dropped; kramdown attribute lists become Casebook anchors
(`{: #cookies }` -> `{#cookies}`) or are dropped (`{: datetime="..." }`); HTML tags in headings
are dropped; links to other documents of the repository become their text. The text is
otherwise unchanged.
"""
import os
import re
import subprocess
import sys

src, commit, out = sys.argv[1:4]

TITLES = {
    "firefox_about_rights": "Firefox: About Your Rights",
    "thunderbird_about_rights": "Thunderbird: About Your Rights",
    "pocket_privacy_policy": "Pocket Privacy Policy",
    "pocket_privacy_policy_eu": "Pocket Privacy Policy (EU)",
    "pocket_tos": "Pocket Terms of Service",
    "firefox_privacy_notice_preview": "Firefox Privacy Notice (preview)",
}
DRAFTS = {"firefox_privacy_notice_preview"}


def git(*args):
    return subprocess.run(["git", "-C", src, *args], capture_output=True, text=True, check=True).stdout


def quoted(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


date = git("log", "-1", "--format=%cs", commit).strip()
files = [f for f in git("ls-tree", "-r", "--name-only", commit).split("\n") if f]
english = {os.path.basename(f)[:-3] for f in files if re.fullmatch(r"en/[^/]+\.md", f)}
for folder in ("mozilla", "mozilla/id"):
    os.makedirs(os.path.join(out, folder), exist_ok=True)
with open(os.path.join(out, "mozilla", "_category.yml"), "w") as f:
    f.write("title: Mozilla\nsummary: Mozilla's legal documents and content policies (mozilla/legal-docs, CC BY-SA 3.0).\norder: 1\n")
with open(os.path.join(out, "mozilla", "id", "_category.yml"), "w") as f:
    f.write("title: Bahasa Indonesia\nsummary: Indonesian translations of Mozilla's legal documents.\norder: 2\n")
for path in sorted(files):
    m = re.fullmatch(r"(en|id)/([^/]+)\.md", path)
    if not m or m.group(2) not in english:
        continue
    lang, name = m.groups()
    text = git("show", f"{commit}:{path}").replace("\r\n", "\n")
    heading = re.match(r"\s*#+\s*(.+?)\s*#*\n", text)
    title = re.sub(r"<[^>]+>", "", heading.group(1)).strip() if heading else name.replace("_", " ")
    title = re.sub(r"\s+", " ", re.sub(r"\{:[^}]*\}", "", title)).strip()
    if heading:
        text = text[heading.end():]
    if lang == "en" and name in TITLES:
        title = TITLES[name]
    text = re.sub(r"^(#+ .*?)\s*\{:\s*#([A-Za-z0-9_-]+)\s*\}[ \t]*$", r"\1 {#\2}", text, flags=re.M)
    text = re.sub(r"^\{:[^}]*\}[ \t]*\n", "", text, flags=re.M)
    text = re.sub(r"\s*\{:[^}]*\}", "", text)
    text = re.sub(r"^(#+ )(.*)$", lambda h: h.group(1) + re.sub(r"<[^>]+>", "", h.group(2)), text, flags=re.M)
    text = re.sub(r"\[([^\]]+)\]\((?!https?:|mailto:|#)[^)]*\)", r"\1", text)
    page_id = name.replace("_", "-")
    front = ["---", f"id: {page_id}" + ("-id" if lang == "id" else ""), f"title: {quoted(title)}", "owner: Mozilla",
             'version: "1.0"', f"effective: {date}", "status: " + ("draft" if name in DRAFTS else "published"), f"lang: {lang}"]
    if lang == "id":
        front += [f"translation_of: {page_id}", 'source_version: "1.0"']
    front += ["---", ""]
    folder = "mozilla/id" if lang == "id" else "mozilla"
    with open(os.path.join(out, folder, page_id + ".md"), "w") as f:
        f.write("\n".join(front) + text.lstrip("\n"))
