# Random YAML front matter through import-docs then build: the import either refuses a page
# (a note / error naming it) or writes front matter the build reads.
import random, os, shutil, subprocess, sys, re
from common import ROOT, WORK, B, finish, front_matter
keys = ['title','linkTitle','aliases','weight','tags','keywords','description','slug','draft','date','lastmod','sidebar_label','sidebar_position','redirect_from','nav_title','shortTitle','summary','custom_key','params']
vals = ['x','"quoted: yes"',"'single ''q'''",'&a anchored','*a','!!str 5','[a, "b, c", d]','{k: v, n: [1, 2]}','|\n  block\n  text','>-\n  folded\n  text','\n  - one\n  - two','\n  nested: map\n  other: 2','"caf\\u00e9 \\t tab"','3.10','true','no','~','null','2024-01-02','"2024-01-02T10:00:00Z"','é 中文 🙂','"<script>alert(1)</script>"','"line\\r\\nbreak"','"a #not comment"','b # comment','/abs/path','../rel/path.md','"[link](x.md)"','"\\u0007bell"','- dash','"x: y"','[/old/a, /old/b]','\n  - /old/c\n  - /old/d']
fails = 0
for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    random.seed(seed)
    tool = random.choice(['hugo','mkdocs','jekyll','docusaurus'])
    root = f"{WORK}/{seed}"; shutil.rmtree(root, ignore_errors=True)
    content = {"hugo":"site/content","mkdocs":"site/docs","jekyll":"site","docusaurus":"site/docs"}[tool]
    os.makedirs(f"{root}/{content}/a", exist_ok=True)
    if tool=="hugo": open(f"{root}/site/hugo.toml","w").write('baseURL = "https://x.org/"\n')
    if tool=="mkdocs": open(f"{root}/site/mkdocs.yml","w").write("site_name: x\nnav:\n  - a/p0.md\n  - Sec: [a/p1.md, a/p2.md]\n")
    if tool=="jekyll": open(f"{root}/site/_config.yml","w").write("title: x\ncollections:\n  docs:\n    permalink: /:path/\n")
    if tool=="docusaurus": open(f"{root}/site/docusaurus.config.js","w").write("module.exports = {baseUrl: '/'};\n")
    for n in range(8):
        text = front_matter(keys, vals, 7, "anchorbase: &a base") + "\n# Page %d\n\nText [p](p%d.md).\n" % (n, (n+1) % 8)
        open(f"{root}/{content}/a/p{n}.md", "w").write(text)
    r = subprocess.run([B,"import-docs",f"{root}/site","--to",f"{root}/Content"],capture_output=True,text=True,timeout=60)
    if r.returncode not in (0,1):
        fails += 1; print("IMPORT CRASH", seed, tool, r.returncode, r.stderr[-600:]); continue
    r2 = subprocess.run([B,"build","--links","warn","--content",f"{root}/Content","--out",f"{root}/out"],capture_output=True,text=True,timeout=60)
    if r2.returncode not in (0,1):
        fails += 1; print("BUILD CRASH", seed, tool, r2.returncode, r2.stderr[-600:]); continue
    if r2.returncode == 1:
        noted = set(m.split(":")[0] for m in re.findall(r"^(\S+?):\d+: front matter could not be read", r.stdout, re.M))
        errs = [l for l in r2.stderr.splitlines() if "error" in l and l.split(":")[0] not in noted and not l.startswith("Build failed")]
        if not errs: shutil.rmtree(root, ignore_errors=True); continue
        print("BUILD ERROR", seed, tool, errs[:3]); fails += 1; continue
    shutil.rmtree(root, ignore_errors=True)
finish(fails)
