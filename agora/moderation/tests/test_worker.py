"""A case closes at its deadline through a real worker process, and the mail goes out."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agora.conversations import services as conversations
from agora.moderation.models import Case, EntryKind, JournalEntry, Juror, ModerationSettings
from agora.moderation.services import cases, votes
from agora.testing.worker import read_mails, run_worker_batch

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


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

    first = run_worker_batch(mail_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    mails = read_mails(tmp_path)
    assert sorted(m.split("To: ")[1].split("\n")[0] for m in mails) == sorted(
        j.email for j in jurors
    )
    assert all("drawn at random" in m for m in mails)
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
