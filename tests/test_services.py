"""scripts/services: throwaway PostgreSQL and Redis that answer, then vanish with their folder."""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = [
    pytest.mark.process,
    pytest.mark.skipif(
        not (
            shutil.which("redis-server") and list(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        ),
        reason="needs Debian's postgresql and redis-server (the test installs nothing itself)",
    ),
]

BASE_DIR = Path(__file__).resolve().parent.parent

# Run inside `scripts/services --throwaway`: prove both servers answer, say where they are.
PROBE = """
import os, psycopg, redis
pg = os.environ["AGORA_TEST_PG_URL"]
rd = os.environ["AGORA_TEST_REDIS_URL"]
with psycopg.connect(pg) as conn:
    folder = conn.execute("show data_directory").fetchone()[0]
    conn.execute("create table probe (n int)")
assert redis.Redis.from_url(rd).ping()
print("probe:", pg, rd, os.path.dirname(folder))
"""


def answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=1):
            return True
    except OSError:
        return False


def test_throwaway_servers_answer_on_free_ports_and_are_gone_afterwards():
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGORA_TEST_")}
    # Closed ports, as on a machine without servers; --throwaway would do the same.
    env.update(
        AGORA_TEST_PG_URL="postgres://postgres@127.0.0.1:1/test",
        AGORA_TEST_REDIS_URL="redis://127.0.0.1:1/15",
    )
    result = subprocess.run(
        ["scripts/services", "--", sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (probe,) = [line for line in result.stdout.splitlines() if line.startswith("probe:")]
    pg_url, redis_url, folder = probe.split()[1:]
    assert urlsplit(pg_url).port not in (1, 5432)
    assert urlsplit(redis_url).port not in (1, 6379)
    assert urlsplit(redis_url).path == "/15"
    assert Path(folder).name.startswith("agora-services.")
    assert not Path(folder).exists()
    assert not answers(pg_url) and not answers(redis_url)
    assert "stopped the throwaway servers" in result.stdout


def test_the_exit_status_of_the_command_is_kept(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGORA_TEST_")}
    env["TMPDIR"] = str(tmp_path)
    result = subprocess.run(
        ["scripts/services", "--throwaway", "--only", "redis", "--", "sh", "-c", "exit 7"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 7, result.stderr
    assert list(tmp_path.iterdir()) == []  # the scratch folder is gone
