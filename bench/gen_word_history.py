#!/usr/bin/env python3
"""Put a corpus into a new git repository with VERSIONS versions of every page, each changing
one word of four or more Thai letters (for timing word diffs of a script without spaces).

Usage: gen_word_history.py VERSIONS CORPUS REPO

Made for `gen_lang_corpus.py th PAGES CORPUS`, whose pages have no `version:` and no sentences
for gen_history.py to shorten. Each commit gives every page `version: "1.N"` and replaces one
Thai word of its body by another word of the corpus (seeded: the same repository every run).
Commits get fixed authors and dates; the objects are packed at the end, as in a clone. Uses the
`git` command (benchmark set-up only). Python 3.11 standard library only.

Session 32 (2026-12-06), `gen_lang_corpus.py th 1000 C && gen_word_history.py 5 C R`, release
builds before (acc3890) and after word segmentation, `perf record -g casebook build --full
--content R/Content --out NEW`: the history outputs 2.9 s CPU before, 2.8 s after (the diff
itself 2.5 s and 2.1 s).
"""
import os
import random
import re
import subprocess
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[3])
    versions, src, repo = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    if os.path.exists(repo):
        sys.exit(f"gen_word_history: {repo} exists")
    pages = sorted(os.path.relpath(os.path.join(d, f), src) for d, _, fs in os.walk(src) for f in fs if f.endswith(".md"))
    texts = {p: open(os.path.join(src, p), encoding="utf-8").read() for p in pages}
    pool = sorted({w for t in texts.values() for w in re.findall(r"[\u0e00-\u0e7f]{2,}", t)})
    rng = random.Random(7)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    for v in range(1, versions + 1):
        for p in pages:
            head, sep, body = texts[p].partition("\n---\n")
            words = list(re.finditer(r"[\u0e00-\u0e7f]{4,}", body))
            if words:
                w = rng.choice(words)
                body = body[:w.start()] + rng.choice(pool) + body[w.end():]
            if re.search(r"^version:", head, re.M):
                head = re.sub(r"^version: .*$", f'version: "1.{v}"', head, count=1, flags=re.M)
            else:
                head += f'\nversion: "1.{v}"'
            texts[p] = head + sep + body
            path = os.path.join(repo, "Content", p)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(texts[p])
        stamp = f"@{1704067200 + v * 86400} +0000"
        env = dict(os.environ, GIT_AUTHOR_NAME="Ana Trainer", GIT_AUTHOR_EMAIL="trainer@example.com", GIT_COMMITTER_NAME="Ana Trainer",
                   GIT_COMMITTER_EMAIL="trainer@example.com", GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
        subprocess.run(["git", "-C", repo, "add", "-A"], check=True)
        subprocess.run(["git", "-C", repo, "-c", "gc.auto=0", "commit", "-q", "-m", f"Handbook revision {v}"], check=True, env=env)
    subprocess.run(["git", "-C", repo, "gc", "-q"], check=True)
    print(f"gen_word_history: {len(pages)} pages, {versions} versions in {repo}", file=sys.stderr)


if __name__ == "__main__":
    main()
