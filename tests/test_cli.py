"""The `agora` console script, run as a person would run it."""

import os
import re
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agora.testing.worker import free_port

BASE_DIR = Path(__file__).resolve().parent.parent

# Every test here runs the `agora` command in its own process: out of `make test-fast`.
pytestmark = pytest.mark.process
COMMANDS = [
    "demo", "serve", "worker", "migrate", "check", "createsteward", "voice", "rules", "moderation",
    "media",
]  # fmt: skip


def agora(*args, env=None, input=None, timeout=120):
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "agora.cli", *args],
        cwd=BASE_DIR,
        env=environment,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def sqlite_env(tmp_path):
    return {
        "AGORA_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'agora.sqlite3'}",
    }


def test_help_lists_every_command():
    result = agora("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(command):
    result = agora(command, "--help")
    assert result.returncode == 0, result.stderr
    assert f"usage: agora {command}" in result.stdout


def test_unknown_command_exits_2():
    result = agora("fly")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_check_passes_under_production_settings_without_warnings():
    result = agora("check", env={"SECRET_KEY": secrets.token_urlsafe(50)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_refuses_a_missing_secret_key():
    result = agora("check", env={"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_migrate_then_createsteward(tmp_path):
    env = sqlite_env(tmp_path)
    assert agora("migrate", "--quiet", env=env).returncode == 0
    result = agora(
        "createsteward",
        "--email", "camille@example.org",
        "--handle", "camille",
        "--name", "Camille",
        "--password-stdin",
        env=env,
        input="a long enough secret\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Created the account camille@example.org" in result.stdout
    with sqlite3.connect(tmp_path / "agora.sqlite3") as db:
        row = db.execute(
            "SELECT handle, email_verified_at IS NOT NULL, password FROM accounts_user"
        ).fetchone()
    assert row[0] == "camille" and row[1] == 1 and row[2].startswith("argon2")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "not-an-email", "--handle", "ok_handle"], "valid email"),
        (["--email", "a@example.org", "--handle", "Bad Handle!"], "lower-case"),
        (["--email", "a@example.org", "--handle", "fine", "--community", "nope"], "nope"),
    ],
)
def test_createsteward_bad_input_exits_2_with_a_message(tmp_path, args, message):
    env = sqlite_env(tmp_path)
    agora("migrate", "--quiet", env=env)
    result = agora(
        "createsteward", *args, "--name", "X", "--password-stdin", env=env, input="long secret 42\n"
    )
    assert result.returncode == 2
    assert message in result.stderr
    with sqlite3.connect(tmp_path / "agora.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM accounts_user").fetchone()[0] == 0


def test_demo_loads_a_living_french_community(tmp_path):
    env = sqlite_env(tmp_path)
    result = agora("demo", "--no-serve", env=env)
    assert result.returncode == 0, result.stderr
    again = agora("demo", "--no-serve", "--size", "30", env=env)
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(tmp_path / "agora.sqlite3") as db:
        names = [r[0] for r in db.execute("SELECT slug FROM communities_community ORDER BY slug")]
        posts = db.execute("SELECT count(*) FROM conversations_post").fetchone()[0]
        questions = db.execute(
            "SELECT count(*) FROM conversations_post WHERE accepted_answer_id IS NOT NULL"
        ).fetchone()[0]
        comments = db.execute("SELECT count(*) FROM conversations_comment").fetchone()[0]
        journal = sorted(r[0] for r in db.execute("SELECT kind FROM moderation_journalentry"))
        michu_seats = db.execute(
            "SELECT count(*) FROM moderation_juror j JOIN accounts_user u ON u.id = j.user_id "
            "WHERE u.handle = 'michu'"
        ).fetchone()[0]
        open_votes = db.execute(
            "SELECT count(*) FROM governance_proposal WHERE state = 'open'"
        ).fetchone()[0]
        planned = dict(
            db.execute("SELECT state, count(*) FROM workbench_plannedstatus GROUP BY state")
        )
        facts = db.execute("SELECT count(*) FROM workbench_fact").fetchone()[0]
    assert names == ["brulerie", "coulisses"]
    assert posts >= 30 + 5 and questions >= 1 and comments >= 30 * 5
    # A jury, a refusal, an urgent action; and the stewards' mandates (the two founders'
    # communities, and Yanis's in the Brûlerie).
    assert journal == ["mandate_granted"] * 3 + ["opened", "rejected", "urgent"]
    assert michu_seats == 1 and open_votes == 1  # Madame Michu has a case to judge
    assert planned["scheduled"] == 2 and planned["draft"] >= 4  # a planned week, a ritual
    assert facts == 3


def test_demo_generates_a_year_of_posts_and_comments(tmp_path):
    env = sqlite_env(tmp_path)
    result = agora("demo", "--no-serve", "--size", "3", "--comments-per-post", "2", env=env)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "agora.sqlite3") as db:
        # The generated posts come after the story's, so they are the last three.
        posts = db.execute(
            "SELECT id, created_at FROM conversations_post ORDER BY id DESC LIMIT 3"
        ).fetchall()
        first = min(row[0] for row in posts)
        comments = db.execute(
            "SELECT c.created_at, p.created_at FROM conversations_comment c "
            "JOIN conversations_post p ON p.id = c.post_id WHERE p.id >= ?",
            [first],
        ).fetchall()
        counts = db.execute(
            "SELECT comment_count FROM conversations_post WHERE id >= ?", [first]
        ).fetchall()
    assert len(posts) == 3 and len(comments) == 6
    assert [row[0] for row in counts] == [2, 2, 2]
    moments = [row[1] for row in posts] + [row[0] for row in comments]
    assert len(set(moments)) > 1  # spread over the last year, not all written "now"
    assert max(moments) <= datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # none ahead
    assert all(comment >= post for comment, post in comments)  # a comment follows its post


def test_demo_refuses_a_bad_number_of_comments_per_post(tmp_path):
    result = agora("demo", "--no-serve", "--comments-per-post", "51", env=sqlite_env(tmp_path))
    assert result.returncode == 2
    assert "--comments-per-post" in result.stderr and "0 to 50" in result.stderr
    assert not (tmp_path / "agora.sqlite3").exists()


def test_demo_serves_with_gunicorn_and_worker_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(sqlite_env(tmp_path))
    process = subprocess.Popen(
        [sys.executable, "-m", "agora.cli", "demo", "--bind", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            output.append(line)
            if "Press Ctrl-C" in line or process.poll() is not None:
                break
        text = "".join(output)
        assert f"http://127.0.0.1:{port}/" in text, text
        assert re.search(r"michu@demo\.agora\.local", text)
        body = None
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/c/brulerie/") as response:  # noqa: S310
                    body = response.read().decode()
                    server = response.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.5)
        assert body is not None and "Les Amis de la Brûlerie" in body
        assert "gunicorn" in server.lower()
        children = subprocess.run(
            ["pgrep", "-P", str(process.pid), "-a"], capture_output=True, text=True, check=False
        ).stdout
        assert "gunicorn" in children and "worker" in children
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=30)
    assert process.returncode == 0, rest
    assert "Stopped." in rest
    time.sleep(0.5)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
