"""Jury duty, votes opening and notices reach members by e-mail as they chose (immediately by
default for jury duty and notices, in the weekly summary for votes), through the same outbox
and real SMTP server as replies."""

import pytest
from django.urls import reverse

from agora.conversations import services as conversations
from agora.governance.services import proposals
from agora.moderation.models import Juror
from agora.moderation.tests.conftest import flag_until_case, remove_by_jury
from agora.notify.models import EmailPreference, OutgoingEmail
from agora.notify.services import sending

from .test_email import parts, subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(jury_community):
    author = jury_community.members[0]
    return conversations.write_post(
        community=jury_community, author=author, title="Avis", body="Le café était tiède."
    )


def test_drawn_jurors_hear_of_their_seat_unless_they_chose_never(
    smtp_server, jury_community, post, clock
):
    refuser = jury_community.members[7]
    EmailPreference.objects.create(user=refuser, kind="jury", frequency="never")
    case = flag_until_case(post, jury_community.members[1:4])
    drawn = {j.user.email for j in Juror.objects.filter(case=case).select_related("user")}
    assert drawn  # the flags opened a case and drew a jury

    clock.advance(minutes=6)
    outcome = sending.send_due()
    told = {m["To"] for m in smtp_server.messages}
    assert told == drawn - {refuser.email}
    assert outcome.get("sent") == len(told)
    message = smtp_server.messages[0]
    assert subject(message) == "You were drawn for a jury in Jury Town"
    text, html = parts(message)
    assert reverse("moderation:case", args=["jury-town", case.pk]) in text
    assert "Before " in text and "Before " in html  # the deadline
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_moderated_author_gets_the_notice_in_their_language(
    smtp_server, jury_community, post, clock
):
    author = post.author
    author.language = "fr"
    author.save(update_fields=["language"])
    remove_by_jury(jury_community, post)
    clock.advance(minutes=6)
    sending.send_due()
    [notice] = smtp_server.to(author.email)
    assert subject(notice).startswith("Une décision de modération sur votre contribution")
    assert "article 1" in subject(notice)


def test_a_vote_opening_waits_for_the_weekly_summary_by_default(smtp_server, jury_community, clock):
    proposer, eager, *others = jury_community.members
    EmailPreference.objects.create(user=eager, kind="vote", frequency="now")
    proposal = proposals.propose_mandate(
        community=jury_community, by=proposer, candidate=eager, reason="Eager knows the place."
    )
    rows = OutgoingEmail.objects.filter(topic=f"proposal.{proposal.pk}")
    # Every member but the proposer (the steward who founded it is a member too).
    assert proposer.pk not in set(rows.values_list("user_id", flat=True))
    assert rows.count() == len(others) + 2

    clock.advance(minutes=6)
    sending.send_due()
    [alone] = smtp_server.messages
    assert alone["To"] == eager.email
    assert subject(alone).startswith("A vote opens: Stewardship mandate — « Eager knows")

    clock.advance(days=7)
    assert sending.send_summaries()["sent"] == len(others) + 1
    summary = smtp_server.to(others[0].email)[0]
    assert subject(summary) == "Your week on Agora: 1 thing for you"
    assert "A vote opens: Stewardship mandate" in parts(summary)[0]


def test_the_same_draw_never_queues_a_second_email(jury_community, post):
    case = flag_until_case(post, jury_community.members[1:4])
    before = OutgoingEmail.objects.filter(topic=f"case.{case.pk}").count()
    from agora.moderation import notify

    notify.jurors_drawn(case=case, user_ids=list(
        Juror.objects.filter(case=case).values_list("user_id", flat=True)
    ))  # fmt: skip
    assert OutgoingEmail.objects.filter(topic=f"case.{case.pk}").count() == before > 0
