"""Helpers shared by the benchmark scripts: environment, database set-up, gunicorn, wrk, results.

Nothing here is imported by the site. Scripts run from the repository root with the shared
virtualenv; Django runs only in subprocesses (manage.py, bench/probe.py, gunicorn) so each one
gets exactly the environment it is given.
"""

import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "_work"
RESULTS = BENCH / "RESULTS.md"
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
)
DEFAULT_REDIS = "redis://127.0.0.1:6379/7"


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- environment -------------------------------------------------------------------------------


class Target:
    """Where a run keeps its data: SQLite in bench/_work (local-memory cache) or PostgreSQL + Redis."""

    def __init__(self, database_url=None, redis_url=None, sqlite_name="bench.sqlite3"):
        self.database_url = database_url or f"sqlite:///{WORK / sqlite_name}"
        self.redis_url = redis_url or ""
        self.is_postgres = self.database_url.startswith(("postgres://", "postgresql://"))

    @classmethod
    def from_env(cls, sqlite_name="bench.sqlite3", pg_suffix=""):
        url = os.environ.get("BENCH_DATABASE_URL", "")
        if url:
            if pg_suffix:
                parts = urlsplit(url)
                url = urlunsplit(parts._replace(path=parts.path.rstrip("/") + pg_suffix))
            return cls(url, os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
        return cls(None, os.environ.get("BENCH_REDIS_URL", ""), sqlite_name=sqlite_name)

    @property
    def label(self):
        if self.is_postgres:
            return "PostgreSQL + Redis" if self.redis_url else "PostgreSQL + local-memory cache"
        return "SQLite + Redis" if self.redis_url else "SQLite + local-memory cache (per worker)"

    @property
    def key(self):
        return "postgres" if self.is_postgres else "sqlite"

    def env(self, **extra):
        env = dict(os.environ)
        for name in ("DATABASE_URL", "REDIS_URL", "PAGE_CACHE_ENABLED"):
            env.pop(name, None)
        env.update(
            DJANGO_SETTINGS_MODULE="bench.settings",
            PYTHONPATH=str(ROOT),
            DATABASE_URL=self.database_url,
            PYTHONHASHSEED="0",
        )
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def reset(self):
        """An empty database (dropped and created again) and an empty Redis database."""
        WORK.mkdir(exist_ok=True)
        if self.is_postgres:
            import psycopg

            parts = urlsplit(self.database_url)
            name = parts.path.lstrip("/")
            admin = urlunsplit(parts._replace(path="/postgres"))
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                )
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
        else:
            path = Path(urlsplit(self.database_url).path)
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        self.flush_redis()

    def flush_redis(self):
        if self.redis_url:
            import redis

            redis.Redis.from_url(self.redis_url).flushdb()

    def manage(self, *args, quiet=True, **extra):
        out = subprocess.DEVNULL if quiet else None
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=self.env(**extra), check=True, stdout=out)

    def probe(self, *args, **extra):
        """Run bench/probe.py (in-process Django measurements) and return its JSON answer."""
        result = subprocess.run(
            [PY, str(BENCH / "probe.py"), *args],
            cwd=ROOT,
            env=self.env(**extra),
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])


def prepare_site(target, articles=0):
    """A fresh site: migrate, collect static files, load the demo, add synthetic articles."""
    started = time.monotonic()
    target.reset()
    log(f"migrating a fresh database ({target.label})")
    target.manage("migrate", "--noinput")
    target.manage("collectstatic", "--noinput")
    target.manage("load_demo")
    if articles:
        log(f"generating {articles} synthetic articles")
        target.manage("generate_articles", "--count", str(articles))
    # Publishing queued the index work (docs/background-work.md): run it, as the worker would.
    target.manage("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    log(f"site ready in {time.monotonic() - started:.0f} s")


# --- gunicorn ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """One gunicorn instance with the bench settings (2 workers unless told otherwise)."""

    def __init__(self, target, port=None, workers=2, **env):
        self.target = target
        self.port = port or free_port()
        self.workers = workers
        self.env = env
        self.proc = None
        self.log_path = WORK / f"gunicorn-{self.port}.log"

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=60):
        WORK.mkdir(exist_ok=True)
        env = self.target.env(GUNICORN_BIND=f"127.0.0.1:{self.port}", GUNICORN_WORKERS=self.workers, **self.env)
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [GUNICORN, "-c", str(BENCH / "gunicorn_bench.py"), "website.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                status, _, _ = http_get(self.base + "/healthz", timeout=2)
                if status == 200 and len(self.worker_pids()) == self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not become healthy; see {self.log_path}")

    def worker_pids(self):
        if not self.proc:
            return []
        try:
            children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        except OSError:
            return []
        return sorted(int(pid) for pid in children)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # its own session: master and workers
                self.proc.wait()
        if getattr(self, "_log", None):
            self._log.close()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# --- HTTP and wrk ------------------------------------------------------------------------------


def http_get(url, timeout=30, headers=None, method="GET", data=None):
    request = urllib.request.Request(url, headers=headers or {}, method=method, data=data)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(match.group(1)) * _UNITS[match.group(2)] if match else None


def wrk(url, duration=8, warmup=2, threads=2, connections=16, script=None):
    """Warm up, then measure; return requests/s, median and p99 latency (ms), counts and errors."""
    base = [WRK, f"-t{threads}", f"-c{connections}", "--latency", "--timeout", "10s"]
    if script:
        base += ["-s", str(script)]
    if warmup:
        subprocess.run([*base, f"-d{warmup}s", url], capture_output=True, text=True, check=False)
    out = subprocess.run([*base, f"-d{duration}s", url], capture_output=True, text=True, check=False).stdout
    result = {"raw": out}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result["rps"] = float(m.group(1))
    if m := re.search(r"(\d+) requests in", out):
        result["requests"] = int(m.group(1))
    for pct in ("50", "99"):
        if m := re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M):
            result[f"p{pct}"] = _ms(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["socket_errors"] = sum(int(x) for x in m.groups()) if m else 0
    return result


def write_post_script(path, content_type="application/x-www-form-urlencoded"):
    path.write_text(
        f'wrk.method = "POST"\n'
        f'wrk.body = ""\n'
        f'wrk.headers["User-Agent"] = "{BROWSER_UA}"\n'
        f'wrk.headers["Content-Type"] = "{content_type}"\n'
    )
    return path


# --- machine and results -----------------------------------------------------------------------


def machine(target=None):
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kib = int(line.split()[1])
    versions = subprocess.run(
        [
            PY,
            "-c",
            "import django, wagtail, gunicorn; print(django.get_version(), wagtail.__version__, gunicorn.__version__)",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    db = "?"
    if target is not None:
        db = target.label
        if target.is_postgres:
            try:
                import psycopg

                with psycopg.connect(target.database_url) as conn:
                    db += f" (PostgreSQL {conn.info.server_version // 10000}.{conn.info.server_version % 10000})"
            except Exception:  # noqa: BLE001
                pass
        else:
            import sqlite3

            db += f" (SQLite {sqlite3.sqlite_version})"
    wrk_version = subprocess.run([WRK, "-v"], capture_output=True, text=True, check=False).stdout.split("\n")[0]
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": os.cpu_count(),
        "memory": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "cpu": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": versions[0] if versions else "?",
        "wagtail": versions[1] if len(versions) > 1 else "?",
        "gunicorn": versions[2] if len(versions) > 2 else "?",
        "wrk": wrk_version.strip(),
        "database": db,
        "load": Path("/proc/loadavg").read_text().split()[:3],
    }


def machine_lines(info):
    return [
        f"- Date: {info['date']}",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM, Linux {info['kernel']}; "
        "shared with other work, and wrk runs on the same CPUs as gunicorn",
        f"- Software: Python {info['python']}, Django {info['django']}, Wagtail {info['wagtail']}, "
        f"gunicorn {info['gunicorn']}, {info['wrk']}",
        f"- Database: {info['database']}",
        f"- Load average of the machine (1/5/15 min) when the run started: {' / '.join(info['load'])}"
        + (f"; when it ended: {' / '.join(info['load_end'])}" if info.get("load_end") else ""),
    ]


def setup_django(db_name):
    """Django in this process (the qa benchmarks measure calls, not HTTP), on its own SQLite file
    under bench/_work/ or BENCH_DATABASE_URL, migrated."""
    WORK.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{WORK / db_name}"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def stamp():
    """The date and machine line under an in-process benchmark's section."""
    info = machine()
    return f"_Run {info['date']} on {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}._"


def update_section(name, body):
    """Replace (or append) one marked section of bench/RESULTS.md, leaving the others as they are."""
    start, end = f"<!-- section:{name} -->", f"<!-- /section:{name} -->"
    text = RESULTS.read_text() if RESULTS.exists() else ""
    if not text.strip():
        text = (
            "# Benchmark results\n\nWritten by `make bench` (bench/run_all.py), `make bench SCALE=1` "
            "(bench/scale.py) and `bench/cluster.sh`; each section is replaced by its own script's "
            "latest run. How to read them: docs/benchmarks.md.\n"
        )
    block = f"{start}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)


def fmt(value, digits=1):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"
