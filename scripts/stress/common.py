"""What the generated-input checks share: the repository, a scratch folder, the binary, the end."""
import os, shutil, sys, tempfile

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
