"""Several `casebook serve` instances on one PostgreSQL behind nginx, for the end-to-end tests:
a test PostgreSQL (`initdb` into a temporary folder, as `nobody` when run as root, on a free
port), the instances, and nginx with the configuration of `scripts/nginx-conf` (the one the
README quotes), running unprivileged in the foreground with every file in a temporary folder.
`Cluster` is a context manager: everything it started is stopped and removed on exit, even
when the test failed."""
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request

from conftest import CASEBOOK, ROOT, free_port

PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NGINX_CONF = os.path.join(ROOT, "scripts", "nginx-conf")


def as_nobody(args):
    """`args` run as `nobody` when this process is root (PostgreSQL refuses root)."""
    return ["/usr/sbin/runuser", "-u", "nobody", "--", *args] if os.getuid() == 0 else list(args)


def give_to_nobody(path):
    if os.getuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(path, nobody.pw_uid, nobody.pw_gid)


def run(args, step, **kwargs):
    """Runs `args` from "/" (nobody may not enter the test's folder); fails with its output."""
    done = subprocess.run(args, cwd="/", capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{step} failed ({done.returncode}): {(done.stdout + done.stderr)[-800:]}")
    return done.stdout


class Postgres:
    """A PostgreSQL 15 of this test, in a folder named like the Swift tests' (`casebook-pg-*`
    with `owner.pid`), so that a later test run stops it if this process dies first."""

    def __init__(self):
        if not os.path.exists(os.path.join(PG_BIN, "initdb")):
            raise RuntimeError(f"{PG_BIN}/initdb not found: install PostgreSQL 15 (apt-get install postgresql; make test does) or set PG_BIN")
        self.root = tempfile.mkdtemp(prefix="casebook-pg-")
        self.data = os.path.join(self.root, "data")
        give_to_nobody(self.root)
        with open(os.path.join(self.root, "owner.pid"), "w") as f:
            f.write(f"{os.getpid()}\n")
        self.port = free_port()
        self.started = False
        run(as_nobody([f"{PG_BIN}/initdb", "-D", self.data, "-U", "casebook", "--auth=trust", "--locale=C",
                       "--encoding=UTF8", "--no-sync"]), "initdb")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        try:
            run(as_nobody([f"{PG_BIN}/pg_ctl", "-D", self.data, "-l", os.path.join(self.root, "server.log"), "-w", "-t", "60",
                           "-o", options, "start"]), "pg_ctl start")
        except RuntimeError as error:
            raise RuntimeError(f"{error}; server log: {self.log()[-800:]}") from None
        self.started = True

    def log(self):
        try:
            with open(os.path.join(self.root, "server.log")) as f:
                return f.read()
        except OSError:
            return ""

    def url(self, database):
        return f"postgres://casebook@127.0.0.1:{self.port}/{database}"

    def psql(self, database, sql):
        """One statement's rows, unaligned, fields separated by '|'."""
        out = run([f"{PG_BIN}/psql", "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p", str(self.port), "-U", "casebook",
                   "-d", database, "-c", sql], "psql")
        return [line.split("|") for line in out.splitlines() if line]

    def create_database(self, name):
        self.psql("postgres", f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self):
        if self.started:
            subprocess.run(as_nobody([f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", "immediate", "stop"]), cwd="/", capture_output=True)
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)


class Instance:
    """One `casebook serve` on a port of its own; `kill()` with SIGKILL, `start()` again on the same port."""

    def __init__(self, site, db, port):
        self.site, self.db, self.port = site, db, port
        self.proc = None
        self.log = tempfile.NamedTemporaryFile(prefix="casebook-serve-", suffix=".log", delete=False)

    def start(self, timeout=30):
        self.proc = subprocess.Popen([CASEBOOK, "serve", "--site", self.site, "--db", self.db, "--port", str(self.port),
                                      "--content", os.path.join(ROOT, "Content"), "--quizzes", os.path.join(ROOT, "Quizzes"),
                                      "--max-connections-per-client", "0", "--proxy", "127.0.0.1"],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/index.html", timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"casebook serve on port {self.port} did not start: {self.output()[-800:]}")

    def output(self):
        with open(self.log.name, errors="replace") as f:
            return f.read()

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


class Nginx:
    """nginx in the foreground on a free port with the configuration `scripts/nginx-conf`
    prints for `upstreams`, its pid, logs and temporary files in a folder of its own."""

    def __init__(self, upstreams):
        self.prefix = tempfile.mkdtemp(prefix="casebook-nginx-")
        give_to_nobody(self.prefix)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.config = run([NGINX_CONF, "--listen", f"127.0.0.1:{self.port}", "--instances", ",".join(upstreams),
                           "--prefix", self.prefix], "scripts/nginx-conf")
        conf = os.path.join(self.prefix, "nginx.conf")
        with open(conf, "w") as f:
            f.write(self.config)
        self.proc = subprocess.Popen(as_nobody([NGINX, "-p", self.prefix, "-c", conf, "-e", os.path.join(self.prefix, "error.log")]),
                                     cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(100):
            if self.proc.poll() is not None:
                break
            try:
                urllib.request.urlopen(self.base + "/index.html", timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"nginx did not start: {self.error_log()[-800:]}")

    def error_log(self):
        try:
            with open(os.path.join(self.prefix, "error.log"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.prefix, ignore_errors=True)


class Cluster:
    """A test PostgreSQL, `count` instances of `casebook serve` on it and nginx in front."""

    def __init__(self, site, count=3, users=()):
        self.site, self.count, self.users = site, count, users
        self.postgres, self.instances, self.nginx = None, [], None
        self.tokens = {}

    def __enter__(self):
        try:
            self.postgres = Postgres()
            self.db = self.postgres.create_database("casebook")
            for user in self.users:  # the first command migrates the new database
                self.tokens[user] = run([CASEBOOK, "users", "add", user, "--role", "moderator", "--db", self.db], "users add").strip()
            self.instances = [Instance(self.site, self.db, free_port()) for _ in range(self.count)]
            for instance in self.instances:
                instance.start()
            self.nginx = Nginx([f"127.0.0.1:{i.port}" for i in self.instances])
            return self
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def __exit__(self, *exc):
        if self.nginx:
            self.nginx.stop()
        for instance in self.instances:
            instance.stop()
            os.unlink(instance.log.name)
        if self.postgres:
            self.postgres.stop()
        return False
