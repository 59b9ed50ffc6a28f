# Random quiz-bank YAML (cases, blueprints) over the sample handbook: check never crashes and
# every error is placed at a file (and line when known).
import random, os, shutil, subprocess, sys, re, glob
from common import ROOT, WORK, B, finish
case_keys = ['id','type','source','sampled','market','lang','price','decision','codes','sop','difficulty','sensitive','status','reviewed','tags','media','x_extra']
bp_keys = ['id','title','description','questions','mode','pass_mark','time_limit','attempts','no_repeat_days','markets','kinds','adaptive','target_se','max_exposure','mix','x_extra']
vals = ['x','"3.2"','[]','[IP-01, "PI-*"]','approve','remove','2026-10-02','2026-02-30','-5','0','101','1e3','true','maybe','~','""','&a v','*a','!!int 3','[a, [b]]','{a: b}','\n  - name: m\n    count: 2','\n  - ref: ""\n    alt: x','\n  - name: n\n    tags: [counterfeit]\n    count: -1','|\n  text','"<script>x</script>"','é 中文 🙂','"line\\nbreak"','counterfeit-and-ip#ip-01','nowhere#nothing','live-stream','listing','VN','ZZ']
fails = 0
for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    random.seed(seed)
    root = f"{WORK}/{seed}"; shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(f"{ROOT}/Content", f"{root}/Content")
    shutil.copytree(f"{ROOT}/Quizzes", f"{root}/Quizzes")
    cases = sorted(glob.glob(f"{root}/Quizzes/cases/*/*.md"))
    for path in random.sample(cases, 4):
        text = open(path, encoding="utf-8").read()
        head, _, body = text[4:].partition("\n---\n")
        lines = head.split("\n")
        for _ in range(random.randint(1, 3)):
            k = random.choice(case_keys); v = random.choice(vals)
            line = f"{k}:{'' if v.startswith(chr(10)) else ' '}{v}"
            idx = [i for i, l in enumerate(lines) if l.startswith(k + ":")]
            if idx: lines[idx[0]] = line
            else: lines.insert(random.randint(0, len(lines)), line)
        open(path, "w", encoding="utf-8").write("---\n" + "\n".join(lines) + "\n---\n" + body)
    bps = sorted(glob.glob(f"{root}/Quizzes/blueprints/*.yml"))
    for path in random.sample(bps, 2):
        lines = open(path, encoding="utf-8").read().split("\n")
        k = random.choice(bp_keys); v = random.choice(vals)
        lines.insert(random.randint(0, len(lines)), f"{k}:{'' if v.startswith(chr(10)) else ' '}{v}")
        open(path, "w", encoding="utf-8").write("\n".join(lines))
    r = subprocess.run([B, "check", "--content", f"{root}/Content", "--quizzes", f"{root}/Quizzes"], capture_output=True, text=True, timeout=120)
    if r.returncode not in (0, 1):
        fails += 1; print("CRASH", seed, r.returncode, r.stderr[-800:]); continue
    bad = [l for l in r.stderr.splitlines() if re.search(r"\berror\b", l) and not re.match(r"^\S+\.(md|yml|yaml)(:\d+(:\d+)?)?: error", l) and not l.startswith(("Checked ", "check", "  "))]
    if bad: fails += 1; print("UNPLACED", seed, bad[:3])
    shutil.rmtree(root, ignore_errors=True)
finish(fails)
