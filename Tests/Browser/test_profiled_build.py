"""A build run under valgrind (as bench/README.md profiles rebuilds with callgrind) is the
same Casebook binary as a plain run: it uses the build cache the plain build left, and the
plain build after it uses its cache. The binary used to be identified by /proc/self/exe,
which under valgrind is valgrind's tool: every profiled build was a full one, and so was
the plain build after it."""
import os
import re
import shutil
import subprocess
import tempfile

from conftest import CASEBOOK, ROOT


def build(folder, *prefix):
    done = subprocess.run([*prefix, CASEBOOK, "build", "--content", os.path.join(folder, "Content"),
                           "--out", os.path.join(folder, "site"), "--no-history"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    found = re.search(r"\((\d+) files: (\d+) written, (\d+) unchanged\)", done.stdout + done.stderr)
    assert found, done.stdout + done.stderr
    return int(found.group(1)), int(found.group(2))


def test_a_build_under_valgrind_and_the_plain_build_after_it_reuse_the_cache():
    folder = tempfile.mkdtemp(prefix="casebook-profiled-")
    try:
        shutil.copytree(os.path.join(ROOT, "Content"), os.path.join(folder, "Content"))
        page = os.path.join(folder, "Content", "policies", "pricing-abuse.md")
        assert os.path.exists(page)
        total, written = build(folder)
        assert written == total
        for prefix in (["valgrind", "-q", "--tool=none"], []):
            with open(page, "a", encoding="utf-8") as f:
                f.write("\nOne more sentence for this edit.\n")
            total, written = build(folder, *prefix)
            # One SOP changed: its page, the lists that show it, the search files.
            assert 0 < written < total / 4, (prefix, written, total)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
