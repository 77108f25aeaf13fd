"""Exactly-once scheduled publishing with real worker processes (SQLite file and PostgreSQL).

Two workers race for 200 statuses due in the same minute; then a worker is killed with
SIGKILL in the middle of a run and another started: every status is published once, none
twice, none lost. On RQ, two workers publish statuses scheduled through the calendar.
"""

import signal
from datetime import timedelta

import pytest
from django.db.models import Count
from django_tasks import TaskResultStatus

from agora.conversations.models import Post
from agora.core.clock import now
from agora.testing.worker import logs, start_worker, stop_workers, wait_for
from agora.workbench.models import PlannedStatus
from agora.workbench.services import calendar
from agora.workbench.tasks import publish_due_statuses

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def published_count() -> int:
    return PlannedStatus.objects.filter(state="published").count()


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
        done = wait_for(lambda: published_count() == 200, timeout=120)
    finally:
        stop_workers(*workers)
    logs = "\n".join((tmp_path / f"worker{n}.log").read_text() for n in (1, 2))
    assert done, logs[-3000:]
    assert_exactly_once([p.pk for p in planned], the_community)


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(due_statuses, the_community, tmp_path):
    planned = due_statuses(600)
    first = start_worker(mail_dir=tmp_path, log_path=tmp_path / "first.log")
    try:
        started = wait_for(lambda: published_count() > 0, timeout=120, step=0.005)
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
        done = wait_for(lambda: published_count() == 600, timeout=120)
    finally:
        stop_workers(second)
    assert done, (tmp_path / "second.log").read_text()[-3000:]
    assert_exactly_once([p.pk for p in planned], the_community)


def test_rq_workers_publish_scheduled_statuses_once_through_the_deferred_wake_up(
    the_community, camille, rq_tasks, tmp_path
):
    """With REDIS_URL the worker runs RQ (and its sweeps): two of them. Scheduling defers two
    wake-up tasks to the publishing second in RQ's scheduled registry; the workers' scheduler
    moves them to the queue then, and the statuses are published once."""
    log_paths = [tmp_path / f"rq{n}.log" for n in (1, 2)]
    workers = [rq_tasks.start_worker(mail_dir=tmp_path, log_path=path) for path in log_paths]
    try:
        assert wait_for(lambda: rq_tasks.workers_ready(2), timeout=60), logs(*log_paths)
        # Far enough ahead that scheduling 50 statuses on a busy machine ends before it.
        publish_at = now() + timedelta(seconds=10)
        planned = []
        for n in range(50):
            row = calendar.plan_status(
                community=the_community,
                by=camille,
                title=f"Status {n}",
                body=f"Bonjour, voici la nouvelle numéro {n}.",
                publish_at=publish_at,
            )
            planned.append(calendar.schedule(planned=row, by=camille))
        # One wake-up second, two tasks (so that two workers drain at once), deferred to it.
        second = publish_at.replace(microsecond=0) + timedelta(
            seconds=1 if publish_at.microsecond else 0
        )
        assert rq_tasks.deferred_until(publish_due_statuses) == [second, second]
        done = wait_for(lambda: published_count() == 50, timeout=60)
        woken = wait_for(
            lambda: all(r.is_finished for r in rq_tasks.results(publish_due_statuses)), timeout=30
        )
    finally:
        stop_workers(*workers)
    assert done, logs(*log_paths)
    assert woken, logs(*log_paths)
    assert_exactly_once([p.pk for p in planned], the_community)
    # Both wake-ups ran on RQ. Which of them, or a periodic sweep, published each status is
    # left to the race between them: exactly once is what counts.
    results = rq_tasks.results(publish_due_statuses)
    assert [r.status for r in results] == [TaskResultStatus.SUCCESSFUL] * 2, logs(*log_paths)
