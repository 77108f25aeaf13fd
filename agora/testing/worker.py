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
