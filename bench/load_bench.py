"""Throughput under a crowd: gunicorn (2 workers) over a throw-away SQLite database.

    .venv/bin/python bench/load_bench.py [--requests 3000] [--seconds 10] [--clients 10]
        [--users reviewer,manager,haizhu] [--cache-url locmem://] [--port 0]

Builds a database in a temporary folder (migrate, load_guideline, create_demo_users,
load_demo), collects the static files there, starts gunicorn with 2 workers on a free
loopback port in production mode (DEBUG off) and, for each user, logs in once and sends a
bounded load to each page: 10 clients (threads of this process, one `http.client`
connection per request, as gunicorn's sync workers close every connection) until either
--requests requests are done or --seconds have passed. Before the measured run each page
gets a few warm-up requests, so a page's figures come from the cache as they do on a
server whose data has not just changed.

The floor is a logged-in GET /accounts/login/ (a redirect): the cost of the middleware
alone. Each page's requests per second are given as a ratio to the floor of the same user,
measured in the same run. Goals (issue 11, logged in as the reviewer): / and the park page
≥ 0.4 × the floor, the admin report list ≥ 0.12 ×.

The bench measures app pages, not the login flow: the second factor is off (REQUIRE_2FA=0)
and each user logs in once with the demo password. It runs on the same machine as its
clients, so on a shared or small machine the figures are noisy: compare runs made back to
back, and note the load average this script prints.

Beside each page's rate it prints the CPU time gunicorn's workers spent per request
(from /proc, so Linux only) and the floor's CPU time per request divided by the page's (the
"cpu ratio"): the rate the page would reach relative to the floor if the server had the
cores to itself. On a machine other work keeps busy the rates say more about that work than
about the pages; compare the cpu ratio there, and the rate ratios on a quiet machine.

The last line printed is one JSON object: {user: {page: {rps, p50_ms, p95_ms, p99_ms,
ratio, server_cpu_ms, cpu_ratio, requests, errors}}, "load_average": [...], ...}.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "demo-pass-2022"  # tracker/demo.py's published demo password
FLOOR = "/accounts/login/"
PAGES = [
    (FLOOR, 302),
    ("/", 200),
    ("/parks/pazhou/", 200),
    ("/admin/tracker/parkreport/", 200),
]
# The bench's own settings: the project's, with the static files collected in the temp folder.
SETTINGS_OVERLAY = """from tracker.settings import *  # noqa: F403
STATIC_ROOT = {static_root!r}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(workdir, cache_url):
    env = dict(os.environ)
    for name in ("DEBUG", "CACHE_URL", "REDIS_URL"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=f"{workdir}{os.pathsep}{ROOT}",
        SECRET_KEY="bench-" + secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        REQUIRE_2FA="0",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="ERROR",
    )
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


def prepare(workdir, env):
    (workdir / "bench_settings.py").write_text(
        SETTINGS_OVERLAY.format(static_root=str(workdir / "static"))
    )
    for command in (
        ["migrate", "--no-input"],
        ["compile_translations"],
        ["collectstatic", "--no-input"],
        ["load_guideline"],
        ["create_demo_users"],
        ["load_demo"],
    ):
        started = time.perf_counter()
        subprocess.run(
            [PYTHON, "manage.py", *command, "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"  {' '.join(command):28} {time.perf_counter() - started:6.1f} s", flush=True)


def start_gunicorn(workdir, env, port):
    log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "tracker.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped: see {workdir / 'gunicorn.log'}")
        try:
            get(port, FLOOR, "")
            return process, log
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def get(port, path, cookie):
    """(status, body) of one GET on a fresh connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def cookies_of(response):
    found = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            found[name.strip()] = rest.split(";", 1)[0]
    return found


def log_in(port, username):
    """The session cookie of a fresh login (one session per user: every client shares it)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", FLOOR)
    response = connection.getresponse()
    page = response.read().decode()
    jar = cookies_of(response)
    connection.close()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "POST",
        FLOOR,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
            "Referer": f"http://127.0.0.1:{port}{FLOOR}",
        },
    )
    response = connection.getresponse()
    response.read()
    jar.update(cookies_of(response))
    connection.close()
    if response.status != 302 or "sessionid" not in jar:
        raise SystemExit(f"could not log in as {username}: HTTP {response.status}")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def load(port, path, expected, cookie, *, requests, seconds, clients):
    """Send up to `requests` GETs from `clients` threads, for at most `seconds`."""
    lock = threading.Lock()
    issued = [0]
    latencies, errors = [], [0]
    stop_at = time.perf_counter() + seconds

    def client():
        while True:
            with lock:
                if issued[0] >= requests or time.perf_counter() >= stop_at:
                    return
                issued[0] += 1
            started = time.perf_counter()
            try:
                status, _body = get(port, path, cookie)
            except OSError:
                status = None
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != expected:
                    errors[0] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    wall = time.perf_counter() - started
    return summarise(latencies, errors[0], wall)


def percentile(sorted_values, share):
    index = min(len(sorted_values) - 1, round(share * (len(sorted_values) - 1)))
    return sorted_values[index]


def summarise(latencies, errors, wall):
    ordered = sorted(latencies)
    return {
        "rps": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(percentile(ordered, 0.95) * 1000, 1),
        "p99_ms": round(percentile(ordered, 0.99) * 1000, 1),
        "requests": len(latencies),
        "errors": errors,
    }


def server_cpu_seconds(master_pid):
    """CPU time (user + system) used so far by gunicorn's workers, from /proc (Linux)."""
    clock = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # the parent's pid: a worker of this gunicorn
            total += int(fields[11]) + int(fields[12])
    return total / clock


def run_user(port, username, args, master_pid):
    cookie = log_in(port, username)
    results = {}
    for path, expected in PAGES:
        for _ in range(5):  # warm-up: templates, translations, the page's cached figures
            status, _body = get(port, path, cookie)
            if status != expected:
                raise SystemExit(f"{username} {path}: HTTP {status}, expected {expected}")
        cpu_before = server_cpu_seconds(master_pid)
        results[path] = load(
            port,
            path,
            expected,
            cookie,
            requests=args.requests,
            seconds=args.seconds,
            clients=args.clients,
        )
        used = server_cpu_seconds(master_pid) - cpu_before
        results[path]["server_cpu_ms"] = round(used * 1000 / results[path]["requests"], 2)
    floor, floor_cpu = results[FLOOR]["rps"], results[FLOOR]["server_cpu_ms"]
    for path, result in results.items():
        result["ratio"] = round(result["rps"] / floor, 3) if floor else None
        cpu = result["server_cpu_ms"]
        result["cpu_ratio"] = round(floor_cpu / cpu, 3) if cpu else None
        print(
            f"  {username:9} {path:28} {result['rps']:7.1f} req/s  ratio {result['ratio']:.3f}  "
            f"p50 {result['p50_ms']:6.1f}  p95 {result['p95_ms']:6.1f}  p99 {result['p99_ms']:6.1f} ms"
            f"  server CPU {cpu:5.2f} ms/request (cpu ratio {result['cpu_ratio'] or 0:.3f})"
            f"  ({result['requests']} requests, {result['errors']} errors)",
            flush=True,
        )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="most requests per page")
    parser.add_argument("--seconds", type=float, default=10, help="most seconds per page")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients")
    parser.add_argument("--users", default="reviewer,manager,haizhu", help="demo user names")
    parser.add_argument("--cache-url", default="", help="CACHE_URL for the app (default: none)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="load-bench-"))
    process = log = None
    try:
        env = bench_env(workdir, args.cache_url)
        print(f"preparing the database in {workdir}", flush=True)
        prepare(workdir, env)
        port = args.port or free_port()
        process, log = start_gunicorn(workdir, env, port)
        load_before = os.getloadavg()
        print(f"gunicorn on 127.0.0.1:{port}; load average {load_before}", flush=True)
        summary = {user: run_user(port, user, args, process.pid) for user in args.users.split(",")}
        summary["load_average"] = [round(value, 2) for value in os.getloadavg()]
        summary["load_average_at_start"] = [round(value, 2) for value in load_before]
        summary["cpus"] = os.cpu_count()
        summary["cache_url"] = args.cache_url or "(default)"
        print(f"load average at the end {summary['load_average']}")
        print(json.dumps(summary, ensure_ascii=False))
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
            log.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
