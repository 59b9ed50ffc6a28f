"""Commands that refuse bad input free what they opened once, and read no freed memory
(valgrind's memcheck on the built binary)."""
import os
import shutil
import subprocess
import tempfile

from conftest import CASEBOOK


def memcheck(*args):
    return subprocess.run(["valgrind", "--error-exitcode=99", "--leak-check=no", "-q", CASEBOOK, *args],
                          capture_output=True, text=True, timeout=600)


def test_a_file_that_is_not_a_database_is_refused_without_memory_errors():
    # The records database's opening used to close the SQLite handle twice when the file was
    # not a database (once on the failure, again when the half-made connection was freed):
    # SQLite then read the freed connection.
    folder = tempfile.mkdtemp(prefix="casebook-memcheck-")
    try:
        db = os.path.join(folder, "casebook.db")
        with open(db, "w") as f:
            f.write("exported answers, not a database\n" * 64)
        run = memcheck("learners", "list", "--db", db)
        assert "is not a Casebook database" in run.stderr, run.stderr[-2000:]
        assert "Invalid read" not in run.stderr and "Invalid free" not in run.stderr, run.stderr[-4000:]
        assert run.returncode not in (0, 99), run.stderr[-4000:]
        with open(db) as f:
            assert f.read().startswith("exported answers"), "the file is left as it was"
    finally:
        shutil.rmtree(folder)
