"""A case closes at its deadline through a real worker process, and the mail goes out: on
the database queue and on RQ."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from agora.conversations import services as conversations
from agora.core.periodic import FIRST_ROUND_DONE
from agora.moderation.models import Case, EntryKind, JournalEntry, Juror, ModerationSettings
from agora.moderation.services import cases, votes
from agora.moderation.tasks import close_case_when_due
from agora.notify.models import OutgoingEmail
from agora.testing.worker import (
    logs,
    read_mails,
    recipients,
    run_worker_batch,
    stop_workers,
    wait_for,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_tells_the_jurors_then_closes_the_case_at_its_deadline(
    jury_community, database_tasks, tmp_path
):
    ModerationSettings.objects.create(community=jury_community, quorum=2)
    post = conversations.write_post(
        community=jury_community, author=jury_community.members[0], title="T", body="Texte."
    )
    for member in jury_community.members[1:4]:
        cases.flag_item(member=member, post=post, article_number=1)
    case = Case.objects.get(post=post)
    closing = DBTaskResult.objects.get(task_path__endswith="close_case_when_due")
    assert closing.run_after == case.deadline  # deferred to the deadline
    jurors = [j.user for j in Juror.objects.filter(case=case)]
    votes.cast_vote(case=case, juror=jurors[0], choice="remove")
    votes.cast_vote(case=case, juror=jurors[1], choice="remove")
    jury_duty_due_now()

    first = run_worker_batch(mail_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    mails = read_mails(tmp_path)
    assert sorted(m.split("To: ")[1].split("\n")[0] for m in mails) == sorted(
        j.email for j in jurors
    )
    assert all("drawn for a jury in Jury Town" in m for m in mails)
    case.refresh_from_db()
    assert case.state == "open"  # the deadline has not come

    # The deadline passes, moved in the database: the worker runs on the real clock (the
    # test's clock is ten days ahead, for the jurors' seniority).
    past = timezone.now() - timedelta(minutes=1)
    Case.objects.filter(pk=case.pk).update(deadline=past)
    DBTaskResult.objects.filter(pk=closing.pk).update(run_after=past)
    second = run_worker_batch(mail_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    case.refresh_from_db()
    assert (case.state, case.decision, case.remove_votes) == ("decided", "remove", 2)
    assert JournalEntry.objects.filter(case=case, kind=EntryKind.REMOVED).exists()
    closing.refresh_from_db()
    assert closing.status == "SUCCESSFUL"
    notices = [m for m in read_mails(tmp_path) if f"To: {post.author.email}" in m]
    assert len(notices) == 1 and "/moderation/notices/" in notices[0]


def jury_duty_due_now():
    """The jurors' e-mails were queued on the test's clock (ten days ahead, for the jurors'
    seniority); the worker runs on the real one."""
    OutgoingEmail.objects.update(due_at=timezone.now())


def case_with_two_votes_to_remove(community):
    """A post flagged by three members: a case with its jury, two of whom vote to remove."""
    ModerationSettings.objects.create(community=community, quorum=2)
    post = conversations.write_post(
        community=community, author=community.members[0], title="T", body="Texte."
    )
    for member in community.members[1:4]:
        cases.flag_item(member=member, post=post, article_number=1)
    case = Case.objects.get(post=post)
    jurors = [j.user for j in Juror.objects.filter(case=case)]
    votes.cast_vote(case=case, juror=jurors[0], choice="remove")
    votes.cast_vote(case=case, juror=jurors[1], choice="remove")
    jury_duty_due_now()
    return case, jurors


def test_an_rq_worker_closes_the_case_at_its_deadline_through_the_deferred_task(
    jury_community, rq_tasks, tmp_path
):
    """With REDIS_URL: the deadline task waits in RQ's scheduled registry; the worker's
    scheduler moves it to the queue when it comes due, and the task decides the case."""
    case, jurors = case_with_two_votes_to_remove(jury_community)
    assert rq_tasks.deferred_until(close_case_when_due) == [case.deadline.replace(microsecond=0)]

    log = tmp_path / "rq.log"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    worker = rq_tasks.start_worker(mail_dir=mail_dir, log_path=log)
    try:
        # The jurors' e-mails go out at once; the case waits for its deadline.
        told = wait_for(lambda: len(read_mails(mail_dir)) == len(jurors), timeout=30)
        assert told, logs(log)
        assert recipients(mail_dir) == sorted(j.email for j in jurors)
        case.refresh_from_db()
        assert case.state == "open"
        # Their e-mails left with the sweeps' first round; the deadline moves once it is over.
        assert wait_for(lambda: FIRST_ROUND_DONE in log.read_text(), timeout=30), logs(log)

        # The deadline passes, moved in the database and in the scheduled registry (the
        # worker runs on the real clock; the test's clock is ten days ahead).
        Case.objects.filter(pk=case.pk).update(deadline=timezone.now() - timedelta(minutes=1))
        assert rq_tasks.bring_forward(close_case_when_due) == 1
        decided = wait_for(lambda: Case.objects.get(pk=case.pk).state == "decided", timeout=30)
        assert decided, logs(log)
        # The notice leaves with the next round of the e-mail sweep (every 30 seconds).
        noticed = wait_for(lambda: len(read_mails(mail_dir)) == len(jurors) + 1, timeout=60)
    finally:
        stop_workers(worker)
    case.refresh_from_db()
    assert (case.decision, case.remove_votes) == ("remove", 2)
    assert JournalEntry.objects.filter(case=case, kind=EntryKind.REMOVED).exists()
    # The deferred task decided it, not the periodic sweep (which would find it closed).
    (closing,) = rq_tasks.results(close_case_when_due)
    assert (closing.status, closing.return_value) == (TaskResultStatus.SUCCESSFUL, "decided")
    assert noticed, logs(log)
    notices = [m for m in read_mails(mail_dir) if f"To: {case.post.author.email}" in m]
    assert len(notices) == 1 and "/moderation/notices/" in notices[0]


def test_an_rq_worker_batch_runs_the_deadline_task_once_it_is_due(
    jury_community, rq_tasks, tmp_path
):
    """`agora worker --batch` on RQ sends what is queued and leaves the deadline task waiting;
    once it is due, the next batch moves it to the queue and runs it."""
    case, jurors = case_with_two_votes_to_remove(jury_community)

    first = rq_tasks.run_worker_batch(mail_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert recipients(tmp_path) == sorted(j.email for j in jurors), first.stderr[-3000:]
    (closing,) = rq_tasks.results(close_case_when_due)
    assert closing.status == TaskResultStatus.READY  # still deferred
    case.refresh_from_db()
    assert case.state == "open"

    Case.objects.filter(pk=case.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert rq_tasks.bring_forward(close_case_when_due) == 1
    second = rq_tasks.run_worker_batch(mail_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    case.refresh_from_db()
    assert (case.state, case.decision) == ("decided", "remove")
    # A batch runs the sweeps first, so the sweep decided and the task found it closed; what
    # counts is that the deferred task left the scheduled registry and ran on RQ.
    closing.refresh()
    assert (closing.status, closing.return_value) == (TaskResultStatus.SUCCESSFUL, "closed")
    notices = [m for m in read_mails(tmp_path) if f"To: {case.post.author.email}" in m]
    assert len(notices) == 1, second.stderr[-3000:]
