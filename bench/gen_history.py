#!/usr/bin/env python3
"""Put a generated corpus into a new git repository with several versions of every page.

Usage: gen_history.py VERSIONS CORPUS REPO

Creates the git repository REPO (which must not exist) whose `Content/` folder ends as an
exact copy of CORPUS after VERSIONS commits. Every commit changes every page and gives it
a new `version`: the earlier commits hold older texts with `version: "0.1"`, `"0.2"`, ...
(below every generated version, which start at 1.0), the last commit holds the corpus as
it is. The older texts differ from the current one as SOP revisions do: some paragraphs
lose their last sentence, and in the oldest version one `##` section is missing (so the
diffs show edited, added and unchanged sections).

Commits get fixed authors and dates, so the repository's commits are the same on every
run. The objects are packed at the end (`git gc`), as in a clone. Uses the `git` command
(benchmark set-up only: casebook reads the repository with libgit2).

Python 3.11 standard library only. Prints one summary line to stderr.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

START = 1_704_067_200  # 2024-01-01T00:00:00Z
AUTHORS = ["Ana Trainer", "Bo Reviewer", "Chi Policy Lead"]


def older_text(text: str, version: int, versions: int) -> str:
    """The page as it was at `version` (1 = oldest) of `versions`; the last one is `text`."""
    if version == versions:
        return text
    text = re.sub(r'^version: "[^"]*"$', f'version: "0.{version}"', text, count=1, flags=re.M)
    head, sep, body = text.partition("\n---\n")
    blocks = body.split("\n\n")
    out = []
    skipping = False
    h2 = 0
    for i, block in enumerate(blocks):
        if block.startswith("## "):
            h2 += 1
            # The oldest version lacks the page's third section.
            skipping = version == 1 and h2 == 3
        if skipping:
            continue
        plain = block and block[0].isalpha() and "|" not in block
        if plain and (i + version) % (versions + 1) == 0:
            sentences = block.split(". ")
            if len(sentences) > 1:
                block = ". ".join(sentences[:-1]) + "."
        out.append(block)
    return head + sep + "\n\n".join(out)


def git(repo: str, *args: str, env: dict | None = None) -> None:
    e = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")
    e.update(env or {})
    subprocess.run(["git", "-c", "gc.auto=0", *args], cwd=repo, env=e, check=True,
                   stdout=subprocess.DEVNULL)


def main(argv: list[str]) -> int:
    if len(argv) != 4 or not argv[1].isdigit() or int(argv[1]) < 1 or int(argv[1]) > 9:
        print("usage: gen_history.py VERSIONS CORPUS REPO   (1 <= VERSIONS <= 9)", file=sys.stderr)
        return 2
    versions, corpus, repo = int(argv[1]), argv[2], argv[3]
    if os.path.exists(repo):
        print(f"gen_history.py: {repo} exists; remove it first", file=sys.stderr)
        return 2
    pages = {}
    for folder, _, names in os.walk(corpus):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                pages[os.path.relpath(path, corpus)] = f.read()
    content = os.path.join(repo, "Content")
    os.makedirs(content)
    git(repo, "init", "-q", "-b", "main")
    for v in range(1, versions + 1):
        for rel, data in pages.items():
            target = os.path.join(content, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if rel.endswith(".md"):
                data = older_text(data.decode("utf-8"), v, versions).encode("utf-8")
            with open(target, "wb") as f:
                f.write(data)
        git(repo, "add", "-A")
        date = f"@{START + v * 86_400 * 30} +0000"
        author = AUTHORS[v % len(AUTHORS)]
        git(repo, "commit", "-q", "-m", f"Handbook revision {v}", env={
            "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "trainer@example.com",
            "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "trainer@example.com",
            "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
        })
    git(repo, "gc", "-q")
    md = sum(1 for rel in pages if rel.endswith(".md"))
    print(f"gen_history: {md} pages, {versions} versions each, in {repo}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
