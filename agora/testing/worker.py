"""Start real task worker processes against the test database, on either queue.

The database queue needs nothing more. The RQ queue needs a Redis server the tests may empty:
`AGORA_TEST_REDIS_URL` names it (`scripts/test` sets it, starting a throwaway Redis when none
answers). Without the variable the RQ tests skip, so that a bare `pytest` works on a laptop;
with the variable set and no Redis answering they fail, so that a broken set-up never passes
for a green run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent.parent
REDIS_URL_VARIABLE = "AGORA_TEST_REDIS_URL"
RQ_BACKEND = "django_tasks_rq.RQBackend"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now, for a server a test starts (the system picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the database this test process is using (the test database)."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    user = params.get("USER") or "postgres"
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{params['NAME']}"


def worker_env(*, mail_dir: Path, redis_url: str = "", extra: dict | None = None) -> dict:
    """The environment of a worker process: test settings, the test database, e-mails written
    as files in `mail_dir` (or sent to the SMTP server `extra` names), and the queue (RQ at
    `redis_url`, or the database queue). Members' e-mail leaves without the wait for what
    they might read in the app first (that wait is tested without workers)."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        AGORA_TEST_TASKS="database",
        DATABASE_URL=database_url(),
        EMAIL_FILE_PATH=str(mail_dir),
        AGORA_EMAIL_WAIT_SECONDS="0",
    )
    if redis_url:
        env.update(REDIS_URL=redis_url, AGORA_TEST_TASKS="rq")
    env.update(extra or {})
    return env


def run_worker_batch(
    *, mail_dir: Path, redis_url: str = "", timeout: float = 60
) -> subprocess.CompletedProcess:
    """Run `agora worker --batch`: it executes every queued task (and, on RQ, every deferred
    task that is due), then exits."""
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "agora.cli", "worker", "--batch", "--interval", "0.1"],
        env=worker_env(mail_dir=mail_dir, redis_url=redis_url),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start_worker(
    *, mail_dir: Path, log_path: Path, redis_url: str = "", extra_env: dict | None = None
) -> subprocess.Popen:
    """Start `agora worker` (queue + sweeps) as a long-running process; stop it with
    `stop_workers`. With `redis_url`, the worker runs RQ, as a production install with
    REDIS_URL does. The worker leads its own process group, so that its children (RQ's
    scheduler and work horse) can be stopped with it."""
    log = open(log_path, "ab")  # noqa: SIM115 - the child holds its own copy
    try:
        return subprocess.Popen(  # noqa: S603 - our own CLI
            [sys.executable, "-m", "agora.cli", "worker", "--interval", "0.2"],
            env=worker_env(mail_dir=mail_dir, redis_url=redis_url, extra=extra_env),
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    finally:
        log.close()


class DatabaseQueue:
    """The database task queue, as a test sees it (`task_queue`): `start_worker` like `RQ`'s."""

    def start_worker(self, *, mail_dir: Path, log_path: Path, extra_env: dict | None = None):
        return start_worker(mail_dir=mail_dir, log_path=log_path, extra_env=extra_env)


def stop_workers(*workers: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM (a warm shutdown), then SIGKILL to the whole process group: an RQ scheduler
    child left behind would hold the scheduler lock and run jobs against a dropped database."""
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers:
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):  # the group is already gone
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def wait_for(condition, *, timeout: float = 60.0, step: float = 0.05) -> bool:
    """Poll `condition()` until it is true (True) or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


def read_mails(mail_dir: Path) -> list[str]:
    """Every message the worker wrote, one string each: Django's file backend may append
    several messages to one file (its name is the second and an object id, which repeats)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for part in path.read_text().split("-" * 79):
            if part.strip():
                messages.append(part.strip())
    return messages


def recipients(mail_dir: Path) -> list[str]:
    """The `To:` address of every message the worker wrote, sorted."""
    return sorted(m.split("To: ")[1].split("\n")[0] for m in read_mails(mail_dir))


def logs(*paths: Path, tail: int = 4000) -> str:
    """The end of the workers' output, to explain a failure."""
    text = "\n".join(p.read_text(errors="replace") for p in paths if p.exists())
    return text[-tail:]


# --- RQ -------------------------------------------------------------------------------


def _redis_answers(url: str) -> str:
    """'' when Redis answers PING at `url`, else why not."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        try:
            return "" if client.ping() else "no PONG"
        finally:
            client.close()
    except redis.RedisError as error:
        return str(error)


def _for_this_xdist_worker(url: str) -> str:
    """The database of `url`, minus the number of this pytest-xdist worker (gw1 gets 14 when
    the URL says 15): two RQ tests running at once in two xdist workers must not take each
    other's jobs, and RQ's keys cannot be given a prefix."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    offset = int(worker[2:]) if worker[2:].isdigit() else 0
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base - offset) % 16}"))


@dataclass
class RQ:
    """The RQ queue of one test: a Redis database it owns (emptied before and after), the
    workers it starts, and what is in the queue, read from Redis itself."""

    url: str

    @classmethod
    def for_test(cls) -> RQ:
        """Skip when AGORA_TEST_REDIS_URL is unset; fail when it is set and Redis is down."""
        url = os.environ.get(REDIS_URL_VARIABLE, "")
        if not url:
            pytest.skip(
                f"{REDIS_URL_VARIABLE} is not set: the RQ worker tests need a Redis they may "
                "empty (`make test` starts one)"
            )
        url = _for_this_xdist_worker(url)
        problem = _redis_answers(url)
        if problem:
            pytest.fail(
                f"{REDIS_URL_VARIABLE} points at {url}, but Redis does not answer there "
                f"({problem}). Start it, unset the variable to skip the RQ tests, or run "
                "`make test`, which starts a throwaway Redis.",
                pytrace=False,
            )
        return cls(url)

    def redis(self):
        import redis

        return redis.Redis.from_url(self.url)

    def empty(self) -> None:
        """FLUSHDB: leftovers of an earlier run would be run against this test's database."""
        client = self.redis()
        try:
            client.flushdb()
        finally:
            client.close()

    def start_worker(
        self, *, mail_dir: Path, log_path: Path, extra_env: dict | None = None
    ) -> subprocess.Popen:
        return start_worker(
            mail_dir=mail_dir, log_path=log_path, redis_url=self.url, extra_env=extra_env
        )

    def run_worker_batch(self, *, mail_dir: Path) -> subprocess.CompletedProcess:
        return run_worker_batch(mail_dir=mail_dir, redis_url=self.url)

    def _queue(self):
        from django_tasks_rq import Job
        from rq import Queue

        return Queue("default", connection=self.redis(), job_class=Job)

    def _registry(self):
        from rq.registry import ScheduledJobRegistry

        return ScheduledJobRegistry(queue=self._queue())

    def jobs(self, task) -> list:
        """Every RQ job of `task` in this test's database, enqueued or deferred, whoever
        enqueued it (the test or a worker), oldest first."""
        from django_tasks_rq import Job

        client = self.redis()
        ids = []
        for key in client.scan_iter(match="rq:job:*"):
            job_id = key.decode().removeprefix("rq:job:")
            if ":" not in job_id:  # not rq:job:<id>:dependents and the like
                ids.append(job_id)
        found = [j for j in Job.fetch_many(ids, connection=client) if j is not None]
        found = [j for j in found if j.func_name == task.module_path]
        return sorted(found, key=lambda j: j.created_at)

    def results(self, task) -> list:
        """The django-tasks results of `task`'s jobs, as the backend reports them.

        django-tasks-rq reads a job's status, then its time in the scheduled registry: a job
        the scheduler moves to its queue in between raises NoSuchJobError (seen once in a
        few hundred runs). Such a read is taken again."""
        from rq.exceptions import NoSuchJobError

        for _attempt in range(4):
            try:
                return [task.get_result(job.id) for job in self.jobs(task)]
            except NoSuchJobError:
                time.sleep(0.05)
        return [task.get_result(job.id) for job in self.jobs(task)]

    def deferred_until(self, task) -> list[datetime]:
        """When each of `task`'s deferred jobs is due (the scheduled registry, to the second)."""
        registry = self._registry()
        return [
            registry.get_scheduled_time(job)
            for job in self.jobs(task)
            if job.id in registry.get_job_ids()
        ]

    def bring_forward(self, task, when: datetime | None = None) -> int:
        """Make `task`'s deferred jobs due at `when` (a second ago by default), as the
        database-queue tests do with `run_after`: the worker's scheduler then moves them to
        the queue. Returns how many jobs moved."""
        when = when or datetime.now(tz=UTC) - timedelta(seconds=1)
        registry = self._registry()
        waiting = set(registry.get_job_ids())
        moved = 0
        for job in self.jobs(task):
            if job.id in waiting:
                registry.schedule(job, when)
                moved += 1
        return moved

    def workers_ready(self, count: int = 1) -> bool:
        """`count` workers have registered in Redis and one of them holds the scheduler
        lock: deferred jobs that come due will be moved to the queue."""
        from rq import Worker
        from rq.scheduler import RQScheduler

        client = self.redis()
        return Worker.count(connection=client) >= count and bool(
            client.exists(RQScheduler.get_locking_key("default"))
        )


def rq_task_settings(settings, rq: RQ) -> None:
    """Point this test process's task backend at the test's RQ queue, as REDIS_URL does."""
    settings.TASKS = {"default": {"BACKEND": RQ_BACKEND, "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": rq.url}}
