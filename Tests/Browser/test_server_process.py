"""`casebook serve` as a process: acknowledged answers survive kill -9; SIGTERM stops cleanly."""
import http.cookiejar
import json
import os
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.request

from conftest import CASEBOOK, ROOT


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_server(site, db):
    port = free_port()
    proc = subprocess.Popen([CASEBOOK, "serve", "--site", site, "--db", db, "--port", str(port), "--content", os.path.join(ROOT, "Content")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/index.html", timeout=1)
            return proc, base
        except Exception:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def client(base, token):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def call(method, path, body=None):
        req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
        try:
            with opener.open(req, timeout=5) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            return e.code, {}
    assert call("POST", "/api/login", {"token": token})[0] == 200
    return call


def add_user(db, user):
    return subprocess.run([CASEBOOK, "users", "add", user, "--role", "moderator", "--db", db], check=True, capture_output=True, text=True).stdout.strip()


def test_every_acknowledged_answer_survives_kill_9(site):
    db = os.path.join(tempfile.mkdtemp(prefix="casebook-kill-"), "cb.db")
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
    db = os.path.join(tempfile.mkdtemp(prefix="casebook-term-"), "cb.db")
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
