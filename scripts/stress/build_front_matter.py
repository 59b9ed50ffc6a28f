# Random Casebook front matter through build and check: never a crash; every error names file:line.
import random, os, shutil, subprocess, sys, re
from common import ROOT, WORK, B, finish, front_matter
keys = ['id','title','version','effective','owner','markets','tags','lang','order','changes','status','summary','translation_of','source_version','nav_title','aliases','harm','codes','x_custom']
vals = ['x','"3.2"','3.10','[UK, US]','[]','{}','\n  - version: "3.2"\n    date: 2026-09-01\n    summary: s','\n  - a\n  - b','&a 1','*a','!!str 2','"caf\\u00e9"','2026-13-45','-1','1e9','true','~','""','"<b>x</b>"','é 中文','|\n  block','[a, [b]]','{a: b}','\n  k: v','"a: b"',"'q'",'"x\\u0000y"']
fails = 0
for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    random.seed(seed)
    root = f"{WORK}/{seed}"; shutil.rmtree(root, ignore_errors=True)
    os.makedirs(f"{root}/Content/policies")
    for n in range(5):
        fm = front_matter(keys, vals, 8, "base: &a anchored")
        open(f"{root}/Content/policies/p{n}.md", "w").write(fm + "\n# Page %d\n\n## Rule {#rule}\n\nText [p](p%d.md).\n" % (n, (n+1) % 5))
    for cmd in (["build", "--content", f"{root}/Content", "--out", f"{root}/out"], ["check", "--content", f"{root}/Content"]):
        r = subprocess.run([B, *cmd], capture_output=True, text=True, timeout=60)
        if r.returncode not in (0, 1):
            fails += 1; print("CRASH", seed, cmd[0], r.returncode, r.stderr[-500:]); break
        bad = [l for l in r.stderr.splitlines() if "error" in l and not re.match(r"^\S+\.md(:\d+(:\d+)?)?: error", l) and not l.startswith(("Build failed", "check:", "casebook check", "Checked "))]
        if bad: fails += 1; print("UNPLACED", seed, cmd[0], bad[:3])
    shutil.rmtree(root, ignore_errors=True)
finish(fails)
