"""The coach is warm before `agora serve` answers, and nothing else pays for warming it.

Each test runs a fresh process: this one may have loaded the models already.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from agora.testing.worker import free_port

pytestmark = pytest.mark.process

BASE_DIR = Path(__file__).resolve().parents[3]

# Django set up, the URLs and views imported, the checks and the migrations run: none of it
# may load spaCy or scikit-learn. Then the warm-up loads both models.
COMMANDS_THEN_WARM_UP = """
import sys
import django
from django.core.management import call_command

django.setup()
import config.urls, config.wsgi  # every view, the coach's among them
call_command("check")
call_command("migrate", verbosity=0)
loaded = sorted(m for m in ("spacy", "sklearn") if m in sys.modules)
assert not loaded, f"loaded without a warm-up: {loaded}"

from agora.voice import learned, nlp
from agora.voice.warmup import warm_up

warm_up()
assert nlp.french.cache_info().currsize == 1, "spaCy's French model is not loaded"
assert learned._trained.cache_info().currsize == 1, "the boss/ego model is not trained"
print("ok")
"""


def clean_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGORA_", "DJANGO_"))}
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=f"sqlite:///{tmp_path / 'agora.sqlite3'}",
        AGORA_DATA_DIR=str(tmp_path),
    )
    return env


def test_commands_and_migrations_load_no_model_and_the_warm_up_loads_both(tmp_path):
    (tmp_path / "static").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", COMMANDS_THEN_WARM_UP],
        cwd=BASE_DIR,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines()[-1] == "ok", result.stdout


def test_agora_serve_warms_the_coach_before_it_binds_its_port(tmp_path):
    """/healthz cannot answer before the coach is warm: the master warms it, then binds."""
    (tmp_path / "static").mkdir()
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "agora.cli", "serve", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", "1"],
            cwd=BASE_DIR,
            env=clean_env(tmp_path),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        answered = False
        while not answered and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    answered = r.status == 200
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    text = log.read_text()
    assert answered, text[-3000:]
    warm, listening = text.find("Voice coach warm in"), text.find("Listening at:")
    assert 0 <= warm < listening, text[-3000:]
