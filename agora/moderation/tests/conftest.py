"""Shared by the moderation tests: a member's post in Jury Town, and flagging it to a case."""

import pytest

from agora.conversations import services as conversations
from agora.moderation.models import Case, Juror
from agora.moderation.services import cases, votes


@pytest.fixture
def post(jury_community):
    author = jury_community.members[0]
    return conversations.write_post(
        community=jury_community, author=author, title="Avis", body="Le café était tiède."
    )


def flag_until_case(post, flaggers):
    for member in flaggers:
        cases.flag_item(member=member, post=post, article_number=1, note=f"note {member.handle}")
    return Case.objects.get(post=post)


def seated(case):
    return list(Juror.objects.filter(case=case, released_at__isnull=True).select_related("user"))


def remove_by_jury(jury_community, post):
    case = flag_until_case(post, jury_community.members[1:4])
    for juror in [j.user for j in seated(case)][:3]:
        votes.cast_vote(case=case, juror=juror, choice="remove")
    case.refresh_from_db()
    return case
