"""`casebook serve` as a process: acknowledged answers survive kill -9; SIGTERM stops cleanly."""
import os
import signal
import sqlite3
import threading
import time

from conftest import add_user, api_client as client, start_server, scratch


def test_every_acknowledged_answer_survives_kill_9(site):
    db = os.path.join(scratch("casebook-kill-"), "cb.db")
    token = add_user(db, "amina")
    proc, base = start_server(site, db)
    call = client(base, token)
    acknowledged = []
    stop = threading.Event()

    def stream():
        while not stop.is_set():
            try:
                status, started = call("POST", "/api/attempts", {"blueprint": "onboarding-week-1"})
            except Exception:
                return  # the server died while starting an attempt
            if status != 201:
                return
            for position in range(started["questions"]):
                try:
                    status, _ = call("POST", f"/api/attempts/{started['attempt']}/answers", {"position": position, "chosen": [0]})
                except Exception:
                    return  # the server died mid-request: not acknowledged
                if status == 200:
                    acknowledged.append((started["attempt"], position))

    worker = threading.Thread(target=stream)
    worker.start()
    time.sleep(1.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stop.set()
    worker.join(timeout=10)
    assert len(acknowledged) > 20, "the stream was running when the server was killed"
    with sqlite3.connect(db) as conn:
        stored = set(conn.execute("SELECT attempt_id, position FROM responses").fetchall())
    missing = [a for a in acknowledged if a not in stored]
    assert not missing, f"{len(missing)} acknowledged answers were lost: {missing[:5]}"


def test_sigterm_finishes_requests_and_exits_cleanly(site):
    db = os.path.join(scratch("casebook-term-"), "cb.db")
    token = add_user(db, "budi")
    proc, base = start_server(site, db)
    call = client(base, token)
    assert call("GET", "/api/me")[0] == 200
    results = []

    def stream():
        for _ in range(200):
            try:
                results.append(call("GET", "/api/blueprints")[0])
            except Exception:
                results.append("refused")
                return

    worker = threading.Thread(target=stream)
    worker.start()
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=15)
    worker.join(timeout=10)
    stderr = proc.stderr.read()
    assert code == 0, stderr
    assert "Stopped." in stderr
    assert 200 in results
    assert all(r in (200, "refused") for r in results), results
