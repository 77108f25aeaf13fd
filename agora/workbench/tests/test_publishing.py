"""Scheduled publishing in one process: what is due, what fails and why, lateness, wake-ups."""

from datetime import timedelta

import pytest
from django.core import mail

from agora.communities.models import StewardMandate
from agora.communities.services import charter as charter_services
from agora.communities.services import mandates as mandates_services
from agora.conversations.models import Post
from agora.core.clock import now
from agora.workbench.models import PlannedStatus, PublishWakeup
from agora.workbench.services import calendar, publishing


def test_only_due_statuses_are_published_with_their_lateness(due_statuses, the_community):
    due = due_statuses(3, seconds_ago=7)
    later = calendar.plan_status(
        community=the_community,
        by=due[0].author,
        body="Plus tard.",
        publish_at=now() + timedelta(hours=1),
    )
    calendar.schedule(planned=later, by=due[0].author)

    assert publishing.publish_due() == {"published": 3, "failed": 0}

    for row in PlannedStatus.objects.filter(pk__in=[p.pk for p in due]):
        assert row.state == "published"
        assert row.post.kind == "status" and row.post.body == row.body
        assert 7 <= row.lateness_seconds < 60
        assert row.published_at == row.post.created_at
    later.refresh_from_db()
    assert later.state == "scheduled" and later.post is None


def test_publishing_twice_publishes_once(due_statuses, the_community):
    due_statuses(5)
    publishing.publish_due()
    assert publishing.publish_due() == {"published": 0, "failed": 0}
    assert Post.objects.filter(community=the_community, kind="status").count() == 5
    the_community.refresh_from_db()
    assert the_community.post_count == 5


def test_a_status_whose_author_lost_the_mandate_fails_and_the_author_is_told(
    due_statuses, the_community, camille, django_capture_on_commit_callbacks
):
    [row] = due_statuses(1)
    mandate = StewardMandate.objects.get(community=the_community, user=camille)
    mandates_services.end_mandate(mandate=mandate)

    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.publish_due() == {"published": 0, "failed": 1}

    row.refresh_from_db()
    assert row.state == "failed" and row.post is None and row.published_at is None
    assert "no longer holds a stewardship mandate" in row.failure_reason
    assert not Post.objects.filter(community=the_community, kind="status").exists()
    [message] = mail.outbox
    assert message.to == [camille.email]
    assert row.failure_reason in message.body and "/calendar/" in message.body


def test_a_new_charter_version_not_yet_consented_to_fails_the_status(
    due_statuses, the_community, camille, make_user, join
):
    [row] = due_statuses(1)
    other = join(make_user("other"), the_community)
    StewardMandate.objects.create(
        community=the_community, user=other, starts_at=now() - timedelta(days=1), reason="test"
    )
    charter_services.publish_charter_version(
        community=the_community,
        by=other,
        articles=[{"title": "Kindness", "body": "Criticise ideas, never people, ever."}],
    )

    publishing.publish_due()

    row.refresh_from_db()
    assert row.state == "failed"
    assert "charter" in row.failure_reason.lower()


def test_a_status_the_charter_rules_reject_fails_with_the_rule_s_reason(
    due_statuses, the_community, camille
):
    charter_services.publish_charter_version(
        community=the_community,
        by=camille,
        articles=[
            {
                "title": "Politeness",
                "body": "No insults.",
                "rules": [{"kind": "terms", "action": "reject", "terms": ["numéro"]}],
            }
        ],
    )
    [row] = due_statuses(1)  # its text says « numéro »

    publishing.publish_due()

    row.refresh_from_db()
    assert row.state == "failed" and "1" in row.failure_reason


def test_one_wake_up_per_second_whatever_the_number_of_statuses(the_community, camille):
    at = (now() + timedelta(hours=2)).replace(microsecond=0)
    for n in range(20):
        planned = calendar.plan_status(
            community=the_community, by=camille, body=f"Texte {n}", publish_at=at
        )
        calendar.schedule(planned=planned, by=camille)
    assert PublishWakeup.objects.filter(at=at).count() == 1


@pytest.mark.parametrize("state", ["draft", "ready", "failed"])
def test_statuses_not_scheduled_are_never_published(the_community, camille, state):
    PlannedStatus.objects.create(
        community=the_community,
        author=camille,
        body="Pas encore.",
        state=state,
        publish_at=now() - timedelta(minutes=1),
        created_at=now(),
        updated_at=now(),
    )
    assert publishing.publish_due() == {"published": 0, "failed": 0}


def test_a_status_that_raises_something_unexpected_fails_alone_and_the_rest_publish(
    due_statuses, the_community, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """A bug while publishing one status (here a screen that crashes on its text) must not
    roll the whole batch back for the sweep to retry forever: that status fails with a
    generic reason, logged with its traceback, its author is told, the others publish."""
    from agora.conversations import screening

    def crashing_screen(*, text, **kwargs):
        if "numéro 2." in text:
            raise RuntimeError("a bug in a screen")
        return None

    monkeypatch.setattr(screening, "_screens", [*screening._screens, crashing_screen])
    rows = due_statuses(5)
    with (
        caplog.at_level("ERROR", logger="agora.workbench.services.publishing"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert publishing.publish_due() == {"published": 4, "failed": 1}
    poisoned = PlannedStatus.objects.get(pk=rows[2].pk)
    assert poisoned.state == "failed" and poisoned.post is None
    assert "Something unexpected went wrong" in poisoned.failure_reason
    assert f"planned status {poisoned.pk} failed unexpectedly" in caplog.text
    assert "RuntimeError: a bug in a screen" in caplog.text  # the traceback is in the log
    assert PlannedStatus.objects.filter(state="published").count() == 4
    assert Post.objects.filter(community=the_community, kind="status").count() == 4
    the_community.refresh_from_db()
    assert the_community.post_count == 4
    (told,) = [m for m in mail.outbox if poisoned.author.email in m.to]
    assert "Something unexpected went wrong" in told.body
    assert publishing.publish_due() == {"published": 0, "failed": 0}  # nothing left to retry
