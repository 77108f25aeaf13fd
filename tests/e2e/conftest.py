"""Real processes for the browser tests: gunicorn, the task worker, Debian's Chromium.

Nothing here touches pytest-django's test database. The session starts its own SQLite
database in a temporary directory, migrates it with `agora migrate`, then runs `agora serve`
and `agora worker` against it, as an operator would.
"""

import email
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email import policy
from pathlib import Path

import pytest

from agora.testing.worker import free_port

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# `agora serve` binds its port only once the voice coach is warm (config/gunicorn.py): 4 to
# 15 s on a busy machine, on top of Django's start-up and the migrations' check.
STARTUP_TIMEOUT = 90.0
MAIL_TIMEOUT = 20.0
# How long Playwright's `expect` waits for a condition before it fails.
EXPECT_TIMEOUT_MS = 10_000
# Where replies to notification e-mails go (`AGORA_REPLY_DOMAIN` of the processes).
REPLY_DOMAIN = "reply.agora.test"

# Environment variables of the developer's shell that would point the processes elsewhere.
_FOREIGN_ENV = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_HOST",
    "EMAIL_FILE_PATH",
    "AGORA_DATA_DIR",
    "AGORA_BASE_URL",
    "AGORA_TEST_TASKS",
    "ALLOWED_HOSTS",
    "DEBUG",
)


@dataclass
class LiveAgora:
    """A running Agora: where it answers, where its e-mails land, what its processes said."""

    base_url: str
    mail_dir: Path
    tmp_dir: Path
    logs: dict[str, Path] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)  # to run more `agora` commands on it

    def url(self, path: str) -> str:
        return self.base_url + path

    def log_tails(self, lines: int = 80) -> str:
        return _log_tails(self.logs, lines)


def _log_tails(logs: dict[str, Path], lines: int = 80) -> str:
    parts = []
    for name, path in logs.items():
        try:
            text = path.read_text(errors="replace")
        except OSError:
            text = "(no output)"
        tail = "\n".join(text.splitlines()[-lines:])
        parts.append(f"----- {name} ({path}) -----\n{tail or '(no output)'}")
    return "\n".join(parts)


def _agora_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "agora.cli", *args]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own server
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


# Set by agora_server so a failing test can show what the server and the worker said.
_ACTIVE_LOGS: dict[str, Path] = {}


@pytest.fixture(scope="session")
def agora_server(tmp_path_factory):
    """Migrate a fresh database, start `agora serve` and `agora worker`, yield a LiveAgora.

    Everything (database, e-mails, process logs, screenshots) lives in a temporary directory
    that pytest keeps for the last few runs.
    """
    tmp_dir = tmp_path_factory.mktemp("agora-e2e")
    mail_dir = tmp_dir / "mail"
    mail_dir.mkdir()
    (tmp_dir / "static").mkdir()  # STATIC_ROOT; WhiteNoise warns when it is missing
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in _FOREIGN_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=f"sqlite:///{tmp_dir / 'e2e.sqlite3'}",
        AGORA_DATA_DIR=str(tmp_dir),
        EMAIL_FILE_PATH=str(mail_dir),
        AGORA_BASE_URL=base_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
        # Notification e-mails leave at once (their queued task) instead of after 5
        # minutes, and carry a reply+…@ Reply-To that `agora mail receive` turns into a comment.
        AGORA_EMAIL_WAIT_SECONDS="0",
        AGORA_REPLY_DOMAIN=REPLY_DOMAIN,
    )

    migrate = subprocess.run(
        _agora_command("migrate", "--quiet"),
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if migrate.returncode != 0:
        pytest.fail(
            f"`agora migrate --quiet` failed with exit status {migrate.returncode}:\n"
            f"{migrate.stdout}\n{migrate.stderr}",
            pytrace=False,
        )

    logs = {"server": tmp_dir / "server.log", "worker": tmp_dir / "worker.log"}
    commands = {
        "server": _agora_command("serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"),
        "worker": _agora_command("worker", "--interval", "0.2"),
    }
    processes: dict[str, subprocess.Popen] = {}
    handles = []
    try:
        for name, command in commands.items():
            handle = open(logs[name], "wb")  # noqa: SIM115 - closed in the finally below
            handles.append(handle)
            processes[name] = subprocess.Popen(
                command, cwd=BASE_DIR, env=env, stdout=handle, stderr=subprocess.STDOUT
            )
        _ACTIVE_LOGS.update(logs)

        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(base_url + "/healthz"):
            dead = {n: p.returncode for n, p in processes.items() if p.poll() is not None}
            if dead or time.monotonic() > deadline:
                reason = (
                    f"these processes exited: {dead}"
                    if dead
                    else f"GET {base_url}/healthz did not answer 200 within {STARTUP_TIMEOUT:.0f} s"
                )
                pytest.fail(f"Agora did not come up: {reason}.\n{_log_tails(logs)}", pytrace=False)
            time.sleep(0.1)

        yield LiveAgora(base_url=base_url, mail_dir=mail_dir, tmp_dir=tmp_dir, logs=logs, env=env)
    finally:
        for process in processes.values():
            _stop(process)
        for handle in handles:
            handle.close()
        _ACTIVE_LOGS.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On an e2e failure, show the end of the server's and the worker's output."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and _ACTIVE_LOGS and item.get_closest_marker("e2e"):
        report.sections.append(("agora processes", _log_tails(_ACTIVE_LOGS, lines=120)))


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright's sync API."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's `chromium` package "
            "(`playwright install` cannot download a browser here).",
            pytrace=False,
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class ContextFactory:
    """Opens browser contexts (each its own cookies: one person) and watches their answers."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        # "STATUS METHOD URL" of every answer >= 500 any page received.
        self.server_errors: list[str] = []

    def __call__(self, **options):
        options.setdefault("base_url", self.base_url)
        options.setdefault("locale", "en-GB")
        context = self.browser.new_context(**options)
        context.set_default_timeout(15_000)
        context.on("response", self._watch)
        self.contexts.append(context)
        return context

    def _watch(self, response):
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def new_context(browser, agora_server):
    """new_context(**options) -> a fresh Playwright context; all close after the test."""
    factory = ContextFactory(browser, agora_server.base_url)
    yield factory
    factory.close()


_LINK = re.compile(r"https?://[^\s<>\"']+")


def _read_messages(mail_dir: Path):
    """(mtime, message) for every e-mail written by Django's file backend, newest first."""
    found = []
    for path in mail_dir.glob("*.log"):
        try:
            mtime = path.stat().st_mtime
            raw = path.read_bytes()
        except OSError:
            continue
        # The file backend separates messages with a line of 79 dashes.
        for chunk in raw.split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append((mtime, email.message_from_bytes(chunk, policy=policy.default)))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return found


def wait_for_link(mail_dir: Path, recipient: str, timeout: float = MAIL_TIMEOUT) -> str:
    """The first http link of the newest e-mail to `recipient` (the worker sends it: poll)."""
    deadline = time.monotonic() + timeout
    while True:
        for _mtime, message in _read_messages(mail_dir):
            if recipient.lower() not in str(message.get("To", "")).lower():
                continue
            body = message.get_body(preferencelist=("plain",))
            match = _LINK.search(body.get_content() if body else "")
            if match:
                return match.group(0)
        if time.monotonic() > deadline:
            files = sorted(p.name for p in mail_dir.glob("*"))
            pytest.fail(
                f"No e-mail with a link reached {recipient} within {timeout:.0f} s "
                f"(files in {mail_dir}: {files}).\n{_log_tails(_ACTIVE_LOGS)}",
                pytrace=False,
            )
        time.sleep(0.2)


@pytest.fixture
def mail_link(agora_server):
    """mail_link(recipient) -> the link in the newest e-mail to that address."""

    def read(recipient: str, timeout: float = MAIL_TIMEOUT) -> str:
        return wait_for_link(agora_server.mail_dir, recipient, timeout=timeout)

    return read


@pytest.fixture(scope="module")
def demo(agora_server):
    """The demo communities, seeded once in the session's database (seeding twice is a no-op)."""
    result = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "agora.cli", "manage", "seed_demo"],
        env=agora_server.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return agora_server
