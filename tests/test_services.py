"""scripts/services: throwaway PostgreSQL, Redis and S3 (SeaweedFS) that answer, then vanish
with their folder."""

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.process

needs_pg_and_redis = pytest.mark.skipif(
    not (shutil.which("redis-server") and list(Path("/usr/lib/postgresql").glob("*/bin/initdb"))),
    reason="needs Debian's postgresql and redis-server (the test installs nothing itself)",
)

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


@needs_pg_and_redis
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


@needs_pg_and_redis
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


# Run inside `scripts/services --only s3`: prove the S3 server stores and serves an object to
# the URL's credentials only, say where it is.
S3_PROBE = """
import os, urllib.error, urllib.request
from agora.testing.storage import S3Server
url = os.environ["AGORA_TEST_S3_URL"]
s3 = S3Server.from_url(url).client()
s3.create_bucket(Bucket="probe-bucket")
s3.put_object(Bucket="probe-bucket", Key="probe", Body=b"probe")
link = s3.generate_presigned_url("get_object", Params={"Bucket": "probe-bucket", "Key": "probe"})
assert urllib.request.urlopen(link).read() == b"probe"
try:
    urllib.request.urlopen(link.split("?")[0])
    raise AssertionError("an unsigned request was served")
except urllib.error.HTTPError as error:
    assert error.code == 403, error.code
print("probe:", url)
"""

SEAWEEDFS = (
    r"starting a throwaway SeaweedFS in (\S+): S3 on 127\.0\.0\.1:(\d+) "
    r"\(master (\d+), volume (\d+), filer (\d+); gRPC ([\d ]+)\)"
)


# Where SeaweedFS puts its sockets, whatever TMPDIR says.
SOCKETS = Path("/tmp")  # noqa: S108 - SeaweedFS's choice, only read here


def weed_processes(folder: Path) -> list[str]:
    """The processes whose command line names `folder` (SeaweedFS's data is inside)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile
            continue
        if str(folder) in text and "weed" in text:
            found.append(text)
    return found


def test_a_throwaway_s3_answers_on_free_ports_and_is_gone_afterwards(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGORA_TEST_")}
    env["TMPDIR"] = str(tmp_path)
    env["AGORA_TEST_S3_URL"] = "http://127.0.0.1:1"  # a closed port, as on a bare machine
    result = subprocess.run(
        ["scripts/services", "--only", "s3", "--", sys.executable, "-c", S3_PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no S3 answers at http://127.0.0.1:1" in result.stdout
    (probe,) = [line for line in result.stdout.splitlines() if line.startswith("probe:")]
    url = urlsplit(probe.split()[1])
    assert url.username and url.password  # a random identity, so signatures are checked
    folder, *ports = re.search(SEAWEEDFS, result.stdout).groups()
    http_ports = [int(port) for port in ports[:4]]
    grpc_ports = [int(port) for port in ports[4].split()]
    assert url.port == http_ports[0]
    # Eight distinct free ports: gRPC ones too, not SeaweedFS's default of HTTP port + 10000.
    assert len(set(http_ports + grpc_ports)) == 8
    assert Path(folder).is_relative_to(tmp_path)
    # Gone: the scratch folder, every port, the process, and the sockets it puts in /tmp.
    assert list(tmp_path.iterdir()) == []
    assert not any(answers(f"http://127.0.0.1:{port}") for port in http_ports + grpc_ports)
    assert weed_processes(Path(folder)) == []
    ports = http_ports + grpc_ports
    assert not [p for p in ports if list(SOCKETS.glob(f"seaweedfs-*-{p}.sock"))]
    assert "stopped the throwaway servers" in result.stdout


def test_an_s3_that_answers_is_used_instead_of_a_new_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGORA_TEST_")}
    env["TMPDIR"] = str(tmp_path)
    # The outer call starts a throwaway SeaweedFS; the inner one finds it answering.
    inner = ["scripts/services", "--only", "s3", "--", sys.executable, "-c", S3_PROBE]
    result = subprocess.run(
        ["scripts/services", "--only", "s3", "--", *inner],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("starting a throwaway SeaweedFS") == 1
    (url,) = re.findall(r"S3 answers at (\S+): the tests use it", result.stdout)
    assert "@" not in url  # the secret is not printed
    assert list(tmp_path.iterdir()) == []
