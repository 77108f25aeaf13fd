"""Exactly-once scheduled publishing with real worker processes (SQLite file and PostgreSQL).

Two workers race for 200 statuses due in the same minute; then a worker is killed with
SIGKILL in the middle of a run and another started: every status is published once, none
twice, none lost.
"""

import signal
import time

import pytest
from django.db.models import Count

from agora.conversations.models import Post
from agora.testing.worker import start_worker
from agora.workbench.models import PlannedStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def published_count() -> int:
    return PlannedStatus.objects.filter(state="published").count()


def wait_for(condition, *, timeout=120.0, step=0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def stop(*workers):
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except Exception:  # noqa: BLE001 - a stuck worker is killed, the test goes on
            worker.kill()
            worker.wait(timeout=10)


def assert_exactly_once(planned_ids, community):
    rows = PlannedStatus.objects.filter(pk__in=planned_ids)
    assert rows.filter(state="published").count() == len(planned_ids), "lost statuses"
    assert rows.filter(post__isnull=True).count() == 0
    posts = Post.objects.filter(community=community, kind="status")
    assert posts.count() == len(planned_ids), "a status was published twice"
    twice = posts.values("title").annotate(n=Count("id")).filter(n__gt=1)
    assert not twice.exists()
    assert set(rows.values_list("post__title", flat=True)) == set(
        rows.values_list("title", flat=True)
    )
    community.refresh_from_db()
    assert community.post_count == len(planned_ids)
    assert all(row.lateness_seconds >= 0 for row in rows)


def test_two_workers_publish_200_due_statuses_exactly_once(due_statuses, the_community, tmp_path):
    planned = due_statuses(200)
    workers = [
        start_worker(mail_dir=tmp_path, log_path=tmp_path / f"worker{n}.log") for n in (1, 2)
    ]
    try:
        done = wait_for(lambda: published_count() == 200)
    finally:
        stop(*workers)
    logs = "\n".join((tmp_path / f"worker{n}.log").read_text() for n in (1, 2))
    assert done, logs[-3000:]
    assert_exactly_once([p.pk for p in planned], the_community)


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(due_statuses, the_community, tmp_path):
    planned = due_statuses(600)
    first = start_worker(mail_dir=tmp_path, log_path=tmp_path / "first.log")
    try:
        started = wait_for(lambda: published_count() > 0, step=0.005)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    at_kill = published_count()
    assert started, (tmp_path / "first.log").read_text()[-3000:]
    assert 0 < at_kill < 600, f"the kill did not land mid-run ({at_kill} published)"
    second = start_worker(mail_dir=tmp_path, log_path=tmp_path / "second.log")
    try:
        done = wait_for(lambda: published_count() == 600)
    finally:
        stop(second)
    assert done, (tmp_path / "second.log").read_text()[-3000:]
    assert_exactly_once([p.pk for p in planned], the_community)


REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_is_up() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_an_rq_worker_publishes_due_statuses_once(due_statuses, the_community, tmp_path):
    """With REDIS_URL the worker runs RQ (and its sweeps): two of them, 50 due statuses."""
    if not redis_is_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379: the RQ worker test needs it")
    planned = due_statuses(50)
    workers = [
        start_worker(mail_dir=tmp_path, log_path=tmp_path / f"rq{n}.log", redis_url=REDIS_URL)
        for n in (1, 2)
    ]

    def logs() -> str:
        return "\n".join((tmp_path / f"rq{n}.log").read_text() for n in (1, 2))

    try:
        done = wait_for(lambda: published_count() == 50, timeout=60)
        # It really is RQ: both workers say they listen on the RQ queue.
        listening = wait_for(lambda: logs().lower().count("listening on") >= 2, timeout=30)
    finally:
        stop(*workers)
    assert done, logs()[-3000:]
    assert listening, logs()[-3000:]
    assert_exactly_once([p.pk for p in planned], the_community)
