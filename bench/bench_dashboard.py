"""The dashboard page and API under concurrent load on gunicorn, at the plan's size and at ten
times it, against a trivial authenticated endpoint (/api/me/) on the same server."""

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from common import ROOT, Recorder, setup_django

THREADS = 8
REQUESTS_PER_THREAD = 200
WORKERS = 2
# gunicorn's workers each keep their own cache (locmem; Redis in production), warmed first.
ENDPOINTS = {
    "dashboard_page": "/dashboard/",
    "dashboard_api": "/api/dashboard/summary/",
    "trivial_api": "/api/me/",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 — fixed argv, loopback only
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "hengyang_gongjian.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**os.environ},
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def token_for_office() -> str:
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from accounts.models import Membership

    user, _ = get_user_model().objects.get_or_create(
        username="bench_office", defaults={"first_name": "压测总专班"}
    )
    Membership.objects.get_or_create(user=user, role="office")
    return Token.objects.get_or_create(user=user)[0].key


def session_cookie() -> str:
    """A logged-in session for the page (the API uses the token)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_office"))
    return f"sessionid={client.cookies['sessionid'].value}"


def fetch(url: str, headers: dict) -> float:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 — loopback http only
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
    return time.perf_counter() - started


def load(url: str, headers: dict) -> tuple[float, list[float]]:
    """THREADS threads × REQUESTS_PER_THREAD requests: elapsed seconds and every latency."""
    with ThreadPoolExecutor(THREADS) as pool:  # warm every worker's caches and connections
        list(pool.map(lambda _: fetch(url, headers), range(THREADS * 5)))
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        latencies = list(
            pool.map(lambda _: fetch(url, headers), range(THREADS * REQUESTS_PER_THREAD))
        )
    return time.perf_counter() - started, latencies


def measure(base: str, headers: dict, recorder: Recorder, scale: int) -> None:
    for name, path in ENDPOINTS.items():
        elapsed, latencies = load(base + path, headers[name])
        latencies.sort()
        label = f"{name}_scale{scale}"
        recorder.record(f"{label}_rps", len(latencies) / elapsed, "req/s")
        recorder.record(f"{label}_median_ms", statistics.median(latencies) * 1000, "ms")
        recorder.record(f"{label}_p95_ms", latencies[int(len(latencies) * 0.95) - 1] * 1000, "ms")
    trivial = recorder.figures[f"trivial_api_scale{scale}_rps"]["value"]
    for name in ("dashboard_page", "dashboard_api"):
        rps = recorder.figures[f"{name}_scale{scale}_rps"]["value"]
        recorder.record(f"{name}_scale{scale}_vs_trivial", trivial / rps, "x")


def main() -> None:
    setup_django()
    from django.core.management import call_command

    from campaigns.models import Plan

    call_command("seed_demo", scale=1, verbosity=0)
    token = token_for_office()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api = {"Authorization": f"Token {token}"}
    headers = {
        "dashboard_page": {"Cookie": session_cookie()},
        "dashboard_api": api,
        "trivial_api": api,
    }
    recorder = Recorder(__file__)
    server = start_gunicorn(port)
    try:
        measure(base, headers, recorder, scale=1)
        call_command("seed_demo", scale=10, verbosity=0)
        measure(base, headers, recorder, scale=10)
        for name in ("dashboard_page", "dashboard_api"):
            slower = (
                recorder.figures[f"{name}_scale10_p95_ms"]["value"]
                / recorder.figures[f"{name}_scale1_p95_ms"]["value"]
            )
            recorder.record(f"{name}_scale10_p95_slowdown", slower, "x")
        recorder.save()
    finally:
        server.terminate()
        server.wait(timeout=30)
        # The next benchmark counts every plan in the database: leave it as it was found.
        Plan.objects.all().delete()


if __name__ == "__main__":
    sys.exit(main())
