"""What the generated-input checks share: the repository, a scratch folder, the binary, the end."""
import os, random, shutil, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = tempfile.mkdtemp(prefix="casebook-stress-")
B = os.environ.get("CASEBOOK", os.path.join(ROOT, ".build/debug/casebook"))


def finish(fails):
    """Prints the count; keeps the scratch folder when something failed; exits 1 then."""
    print("fails", fails)
    if fails:
        print("the failing cases are kept in", WORK)
    else:
        shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(1 if fails else 0)


def front_matter(keys, vals, most, anchor_line):
    """A random front matter block: 1 to `most` of `keys`, each with one of `vals` (a value
    starting with a line break goes on the lines below its key), and now and then
    `anchor_line` first (a YAML anchor the values' `*a` may name)."""
    fm = []
    for k in random.sample(keys, random.randint(1, most)):
        v = random.choice(vals)
        fm.append(f"{k}:{'' if v.startswith(chr(10)) else ' '}{v}")
    if random.random() < 0.3: fm.insert(0, anchor_line)
    return "---\n" + "\n".join(fm) + "\n---\n"
