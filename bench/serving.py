"""Talking to a real `agora serve` from a benchmark: a free port, GETs, waiting for health,
a load of concurrent GETs, and a clean stop. Shared by bench/pages.py and bench/media.py."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import threading
import time


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_healthy(port: int, server: subprocess.Popen, deadline_s: float = 60.0) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bench: the server exited ({server.returncode}) before it was ready")
        try:
            if get(port, "/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("bench: /healthz did not answer 200 in time")


def load(port: int, path: str, *, requests: int, concurrency: int, warmup: int = 0) -> dict:
    """`requests` GETs of `path` from `concurrency` threads, after `warmup` unmeasured ones:
    requests per second, every latency, p50 and p95, and the answers that were not 2xx."""
    for _ in range(warmup):
        get(port, path)
    lock = threading.Lock()
    remaining = [requests]
    latencies: list[float] = []
    failures: list[str] = []

    def client() -> None:
        mine = []
        while True:
            with lock:
                if remaining[0] == 0:
                    break
                remaining[0] -= 1
            started = time.perf_counter()
            try:
                status, _ = get(port, path)
            except OSError as error:
                status = type(error).__name__
            mine.append(time.perf_counter() - started)
            if not (isinstance(status, int) and 200 <= status < 300):
                with lock:
                    failures.append(str(status))
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "rps": len(latencies) / elapsed,
        "latencies": latencies,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": cuts[94] * 1000,
        "non_2xx": len(failures),
        "failures": failures,
    }


def stop(server: subprocess.Popen) -> None:
    """SIGTERM (gunicorn stops its master and workers), then the whole session if needed:
    start the server with `start_new_session=True`."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)
