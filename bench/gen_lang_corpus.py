#!/usr/bin/env python3
"""Pages in Thai or Vietnamese, for timing the build on scripts other than English.

Usage: gen_lang_corpus.py th|vi PAGES OUT

Draws words (at most 10 letters each) from the sample handbook's Thai or Vietnamese pages into
PAGES pages of 5 sections, 3 paragraphs of 60 words each, 20 folders; the same every run.
Not part of run.sh: `casebook build --full --no-history --content OUT` against the same build
of another binary, as in README's table.
"""
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = {
    "vi": ["Content/live-shopping/live-stream-conduct.vi.md"],
    "th": ["Content/policies/counterfeit-and-ip.th.md", "Content/live-shopping/live-stream-conduct.th.md"],
}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in SOURCES:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    lang, pages, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    text = " ".join(open(os.path.join(ROOT, p), encoding="utf-8").read().split("---", 2)[2] for p in SOURCES[lang])
    words = [w[:10].replace('"', "").replace("!", "") for w in re.split(r"[\s*#`\[\]()|:,.\-]+", text) if w and not w.isascii()]
    words = [w for w in words if w]
    rng = random.Random(5)
    pick = lambda n: " ".join(rng.choice(words) for _ in range(n))
    for i in range(pages):
        folder = os.path.join(out, f"cat-{i % 20:02d}")
        os.makedirs(folder, exist_ok=True)
        body = []
        for s in range(5):
            body.append(f"## {pick(3)} {{#s{s}}}\n")
            body += [pick(60) + "\n" for _ in range(3)]
        with open(os.path.join(folder, f"p{i:05d}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\nid: p{i:05d}\ntitle: {pick(4)}\nlang: {lang}\n---\n" + "\n".join(body))
    print(f"gen_lang_corpus: {pages} {lang} pages from {len(set(words))} words in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
