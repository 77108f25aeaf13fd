"""Start a real task worker process against the test database."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def database_url() -> str:
    """The URL of the database this test process is using (the test database)."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    user = params.get("USER") or "postgres"
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{params['NAME']}"


def run_worker_batch(*, mail_dir: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `agora worker --batch`: it executes every queued task, then exits."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        AGORA_TEST_TASKS="database",
        DATABASE_URL=database_url(),
        EMAIL_FILE_PATH=str(mail_dir),
    )
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "agora.cli", "worker", "--batch", "--interval", "0.1"],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def worker_env(*, mail_dir: Path) -> dict:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        AGORA_TEST_TASKS="database",
        DATABASE_URL=database_url(),
        EMAIL_FILE_PATH=str(mail_dir),
    )


def start_worker(*, mail_dir: Path, log_path: Path, redis_url: str = "") -> subprocess.Popen:
    """Start `agora worker` (queue + sweeps) as a long-running process; the caller stops it.
    With `redis_url`, the worker runs RQ, as a production install with REDIS_URL does."""
    log = open(log_path, "ab")  # noqa: SIM115 - closed with the process by the caller
    env = worker_env(mail_dir=mail_dir)
    if redis_url:
        env.update(REDIS_URL=redis_url, AGORA_TEST_TASKS="rq")
    return subprocess.Popen(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "agora.cli", "worker", "--interval", "0.2"],
        env=env,
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def read_mails(mail_dir: Path) -> list[str]:
    """Every message the worker wrote, one string each: Django's file backend may append
    several messages to one file (its name is the second and an object id, which repeats)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for part in path.read_text().split("-" * 79):
            if part.strip():
                messages.append(part.strip())
    return messages
