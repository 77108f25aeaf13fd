"""How much faster `make test-fast` is than the full SQLite run (a benchmark, not a test).

    .venv/bin/python bench/test_loop.py [--runs 3]
    scripts/services --only redis -- .venv/bin/python bench/test_loop.py   # as `make test` does

Runs, interleaved (the order alternating each round), the full SQLite run of the suite
without the browser tests (`pytest -n 2 -m "not e2e"`, what `make test-sqlite` runs) and the
fast loop (`make test-fast`'s pytest command, which keeps its test database and compiled
modules between runs: its first run here migrates and compiles, as a developer's first run
does), then prints each run's
wall time and the medians. The last line is one JSON object:
{"full_sqlite_s", "fast_s", "ratio", ...}; the target is a ratio under 1/3. With
AGORA_TEST_REDIS_URL set the full run includes the RQ worker tests, as in `make test`;
without it they skip (the JSON says which). Every run must pass: a failing run is reported
and stops the benchmark. Figures vary by ±10-15 % between
identical runs on a shared machine; compare only figures from the same run.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTEST = [str(BASE_DIR / ".venv" / "bin" / "pytest"), "-p", "no:cacheprovider", "-q", "-n", "2"]
FAST_MARKERS = "not e2e and not worker and not process"
COMMANDS = {
    "full_sqlite": [*PYTEST, "-m", "not e2e"],
    "fast": [*PYTEST, "--reuse-db", "-m", FAST_MARKERS],
}
# The fast loop keeps its test database between runs, under this name (as `make test-fast`).
FAST_DB = "agora-test-fast.sqlite3"
SUMMARY = re.compile(r"^=*\s*(\d+ passed.*?) in [\d.]+s", re.MULTILINE)


def check_makefile_agrees() -> None:
    """The fast command measured here is the one `make test-fast` runs."""
    makefile = (BASE_DIR / "Makefile").read_text()
    wanted = (
        f"PYTHONDONTWRITEBYTECODE= AGORA_TEST_DB_NAME={FAST_DB} "
        f'.venv/bin/pytest -n 2 --reuse-db -m "{FAST_MARKERS}"'
    )
    if wanted not in makefile:
        sys.exit(f"bench/test_loop.py: `make test-fast` no longer runs {wanted}")


def run(name: str) -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    if name == "fast":
        env["AGORA_TEST_DB_NAME"] = FAST_DB
        env["PYTHONDONTWRITEBYTECODE"] = ""
    started = time.perf_counter()
    result = subprocess.run(
        COMMANDS[name], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-2000:], sep="\n", file=sys.stderr)
        sys.exit(f"bench/test_loop.py: the {name} run failed (exit {result.returncode})")
    found = SUMMARY.findall(result.stdout)
    return seconds, found[-1] if found else "?"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds of both (default 3)")
    args = parser.parse_args(argv)
    check_makefile_agrees()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    counts: dict[str, str] = {}
    for round_number in range(args.runs):
        order = list(COMMANDS) if round_number % 2 == 0 else list(reversed(COMMANDS))
        for name in order:
            load = os.getloadavg()[0]
            seconds, counts[name] = run(name)
            times[name].append(seconds)
            print(
                f"round {round_number + 1} {name:<12} {seconds:7.1f} s  ({counts[name]}; "
                f"load average before: {load:.1f})",
                flush=True,
            )
    full, fast = statistics.median(times["full_sqlite"]), statistics.median(times["fast"])
    print(f"median full SQLite run {full:.1f} s, fast loop {fast:.1f} s: ratio {fast / full:.3f}")
    print(
        json.dumps(
            {
                "full_sqlite_s": round(full, 1),
                "fast_s": round(fast, 1),
                "ratio": round(fast / full, 3),
                "target_ratio": round(1 / 3, 3),
                "runs": args.runs,
                "full_sqlite_runs_s": [round(t, 1) for t in times["full_sqlite"]],
                "fast_runs_s": [round(t, 1) for t in times["fast"]],
                "full_sqlite_tests": counts["full_sqlite"],
                "fast_tests": counts["fast"],
                "rq_tests": "run" if os.environ.get("AGORA_TEST_REDIS_URL") else "skipped",
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
