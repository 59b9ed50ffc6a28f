# Random text cells through `cases import`; every case file written must load in `check`.
import random, os, shutil, subprocess, sys, csv, io, re
from common import ROOT, WORK, B, finish
pieces = ["a", "Z", " ", ":", ": ", "#", " #", "-", "- ", "'", '"', "\\", "\n", "\r", "\r\n", "\t", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "%", "@", "`", "?", "---", "...", "## ", "# ",
          "\u0007", "\u001b", "\u007f", "\u0085", "\u00a0", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "é", "ภาษาไทย", "Tiếng Việt", "中文", "🙂", "\u0301", "<script>", "{{< x >}}", "{% raw %}", "yes", "null", "~", "3.10"]
fails = 0
for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    random.seed(seed)
    root = f"{WORK}/{seed}"; shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(f"{ROOT}/Content", f"{root}/Content"); shutil.copytree(f"{ROOT}/Quizzes", f"{root}/Quizzes")
    rows = list(csv.DictReader(open(f"{ROOT}/Quizzes/imports/qa-sample-2026-W47.csv", encoding="utf-8")))
    out = io.StringIO(); w = csv.DictWriter(out, fieldnames=list(rows[0].keys())); w.writeheader()
    for i, r in enumerate(rows):
        r = dict(r); r["sample_id"] = f"c-2026w47-9{i:02d}"
        for k in random.sample(["title", "description", "seller_notes", "qa_rationale", "media_alt"], 3):
            r[k] = "x" + "".join(random.choice(pieces) for _ in range(random.randint(1, 12))) + "y"
        w.writerow(r)
    open(f"{root}/in.csv", "w", encoding="utf-8", newline="").write(out.getvalue())
    r = subprocess.run([B, "cases", "import", f"{root}/in.csv", "--source", "stress", "--content", f"{root}/Content", "--quizzes", f"{root}/Quizzes", "--skip-invalid"], capture_output=True, text=True, timeout=120)
    if r.returncode not in (0, 1):
        fails += 1; print("IMPORT CRASH", seed, r.returncode, r.stderr[-600:]); continue
    c = subprocess.run([B, "check", "--content", f"{root}/Content", "--quizzes", f"{root}/Quizzes"], capture_output=True, text=True, timeout=120)
    bad = [l for l in c.stderr.splitlines() if ": error:" in l]
    if c.returncode not in (0, 1) or bad:
        fails += 1; print("CHECK", seed, c.returncode, bad[:3], r.stdout[-300:])
        continue
    shutil.rmtree(root, ignore_errors=True)
finish(fails)
