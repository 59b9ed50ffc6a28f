"""Three `casebook serve` instances on one PostgreSQL behind nginx (scripts/nginx-conf, the
configuration the README quotes): learners answering through the proxy while one instance
after another is killed with SIGKILL and started again lose no acknowledged answer, store
none twice, and finish every attempt they started."""
import http.client
import http.cookiejar
import json
import os
import random
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request

from cluster import NGINX_CONF, Cluster
from conftest import ROOT

CLIENTS = 12
CHAOS_SECONDS = 20
KILL_EVERY = 2.5
BLUEPRINT = "onboarding-week-1"
# What a client retries, as the quiz player does: nginx found no instance (502, 504), an
# instance had no database (503), or the connection failed.
RETRIED = {502, 503, 504}


class Learner:
    """A learner's client through the proxy: a cookie jar, and `call` which retries what a
    real client retries and returns (status, JSON body) of the first other answer."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.retries = 0

    def call(self, method, path, body=None, give_up_at=None):
        while True:
            # Origin as a browser sends it: casebook accepts it only if nginx passed the Host on.
            req = urllib.request.Request(self.base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json", "Origin": self.base})
            try:
                with self.opener.open(req, timeout=20) as r:
                    return r.status, json.loads(r.read() or b"{}")
            except urllib.error.HTTPError as e:
                if e.code not in RETRIED:
                    return e.code, json.loads(e.read() or b"{}")
            except (urllib.error.URLError, http.client.HTTPException, OSError):
                pass
            self.retries += 1
            if give_up_at and time.time() > give_up_at:
                return None, {}
            time.sleep(random.uniform(0.05, 0.2))


def test_answers_through_nginx_survive_instances_killed_with_sigkill(site):
    users = [f"learner{i}" for i in range(CLIENTS)]
    began = time.time()
    with Cluster(site, count=3, users=users) as cluster:
        print(f"cluster up in {time.time() - began:.1f}s")
        base = cluster.nginx.base
        learners = {}
        for user in users:
            learner = Learner(base)
            status, _ = learner.call("POST", "/api/login", {"token": cluster.tokens[user]})
            assert status == 200, f"{user} could not sign in through nginx: {status}"
            learners[user] = learner

        stop = threading.Event()
        acknowledged = []      # (attempt, position) that got 200
        started = []           # attempts that got 201
        questions = {}         # attempt: its number of questions
        finished = []          # attempts whose finish got 200
        failures = []
        lock = threading.Lock()

        def learn(learner):
            give_up_at = time.time() + CHAOS_SECONDS + 40
            while not stop.is_set():
                status, attempt = learner.call("POST", "/api/attempts", {"blueprint": BLUEPRINT}, give_up_at)
                if status != 201:
                    with lock:
                        failures.append(("start", status, attempt))
                    return
                with lock:
                    started.append(attempt["attempt"])
                    questions[attempt["attempt"]] = attempt["questions"]
                # Once started, an attempt is answered and finished even after the chaos stops.
                for position in range(attempt["questions"]):
                    status, reply = learner.call("POST", f"/api/attempts/{attempt['attempt']}/answers",
                                                 {"position": position, "chosen": [0]}, give_up_at)
                    with lock:
                        if status == 200:
                            acknowledged.append((attempt["attempt"], position))
                        else:
                            failures.append(("answer", status, reply))
                            return
                status, reply = learner.call("POST", f"/api/attempts/{attempt['attempt']}/finish", None, give_up_at)
                with lock:
                    if status == 200:
                        finished.append(attempt["attempt"])
                    else:
                        failures.append(("finish", status, reply))
                        return

        threads = [threading.Thread(target=learn, args=(learner,), daemon=True) for learner in learners.values()]
        for t in threads:
            t.start()
        kills = 0
        answered_before_kill = []
        try:
            end = time.time() + CHAOS_SECONDS
            while time.time() < end:
                time.sleep(KILL_EVERY)
                victim = cluster.instances[kills % len(cluster.instances)]
                with lock:
                    answered_before_kill.append(len(acknowledged))
                victim.kill()
                kills += 1
                time.sleep(0.5)
                victim.start()
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=60)
        assert not any(t.is_alive() for t in threads), "a learner was still waiting a minute after the chaos ended"
        print(f"{kills} kills, {len(acknowledged)} answers, {len(started)} attempts, {sum(l.retries for l in learners.values())} retries; {time.time() - began:.1f}s")

        assert not failures, f"requests failed for good: {failures[:5]}"
        assert kills >= 3
        # Answers went on between kills, not only before the first one.
        assert answered_before_kill[-1] > answered_before_kill[0] > 0, answered_before_kill
        stored = cluster.postgres.psql("casebook", "SELECT attempt_id, position FROM responses")
        stored = [(int(a), int(p)) for a, p in stored]
        lost = set(acknowledged) - set(stored)
        assert not lost, f"{len(lost)} acknowledged answers are not in the database: {sorted(lost)[:5]}"
        assert len(stored) == len(set(stored)), "an answer was stored twice"
        assert len(acknowledged) == len(set(acknowledged))
        assert sorted(finished) == sorted(started), "an attempt a learner started did not finish"
        unfinished = cluster.postgres.psql(
            "casebook", f"SELECT id FROM attempts WHERE finished_at IS NULL AND id IN ({','.join(map(str, started))})")
        assert not unfinished, f"attempts acknowledged as finished are not finished in the database: {unfinished}"
        # Every acknowledged attempt's answers are all stored: nothing after a kill went missing.
        per_attempt = {int(a): int(n) for a, n in cluster.postgres.psql(
            "casebook", "SELECT attempt_id, count(*) FROM responses GROUP BY attempt_id")}
        assert all(per_attempt.get(a) == questions[a] for a in started), "an attempt has answers missing"


def readme_nginx_block():
    """The README's nginx configuration and the command it says printed it."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    match = re.search(r"`scripts/nginx-conf (--listen [^\n`]*)`[^`]*?\n\n```nginx\n(.*?)```\n", text, re.S)
    assert match, "README quotes no nginx configuration printed by scripts/nginx-conf"
    return match.group(1).split(), match.group(2)


def test_the_readme_quotes_the_nginx_configuration_the_tests_use():
    args, quoted = readme_nginx_block()
    printed = subprocess.run([NGINX_CONF, *args], check=True, capture_output=True, text=True).stdout
    assert quoted == printed, "README's nginx configuration differs from scripts/nginx-conf's: paste its output again"
