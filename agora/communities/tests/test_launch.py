"""The launch checklist on a new community's page: its stewards see what a prepared launch
needs, ticked from the community's own data, until it is done or put away."""

import re
from datetime import time, timedelta

import pytest
from django.urls import reverse

from agora.communities.models import Community
from agora.communities.services import identity, invitations
from agora.conversations import services as conversations
from agora.workbench.services import calendar, facts, rituals

pytestmark = pytest.mark.django_db

STEPS = ["charter", "identity", "mindset", "welcome", "facts", "week", "ritual", "invited",
         "answered"]  # fmt: skip


def checklist(client, community) -> dict[str, bool] | None:
    html = client.get(reverse("communities:detail", args=[community.slug])).content.decode()
    if 'data-testid="launch-checklist"' not in html:
        return None
    found = re.findall(r'data-testid="launch-([a-z]+)" data-done="(true|false)"', html)
    return {key: done == "true" for key, done in found}


def test_the_stewards_see_the_checklist_ticked_from_real_data(
    community_factory, camille, make_user, join, client_for, clock
):
    community = community_factory(founder=camille, slug="torrefaction", charter=True,
                                  identity=False, mindset=False)  # fmt: skip
    member = join(make_user("michu"), community)
    steps = checklist(client_for(camille), community)
    assert list(steps) == STEPS
    assert steps == {key: key == "charter" for key in STEPS}
    assert checklist(client_for(member), community) is None
    assert checklist(client_for(), community) is None

    identity.set_identity(community=community, by=camille, address_form="vous",
                          emoji_policy="sparing", tone=["warm"], preferred_terms=[],
                          banned_terms=[])  # fmt: skip
    identity.set_mindset(community=community, by=camille, values=["Le café se partage."])
    welcome = conversations.publish_status(community=community, by=camille, body="Bienvenue !")
    conversations.pin_post(post=welcome, by=camille)
    for n in range(3):
        facts.save_fact(community=community, by=camille, question=f"Q{n} ?", answer="R.")
    for n in range(3):
        calendar.plan_status(
            community=community, by=camille, body=f"Jour {n}",
            publish_at=clock.now() + timedelta(days=n + 1),
        )  # fmt: skip
    rituals.create_ritual(community=community, by=camille, title="Lundi", frequency="weekly",
                          time=time(9), weekday=0)  # fmt: skip
    invitations.invite_by_email(
        community=community, by=camille, addresses=[f"fan{n}@example.org" for n in range(4)]
    )
    steps = checklist(client_for(camille), community)
    assert [key for key, done in steps.items() if not done] == ["invited", "answered"]

    invitations.invite_by_email(community=community, by=camille, addresses=["fan9@example.org"])
    conversations.write_comment(post=welcome, author=member, body="Merci, ravie d'être là !")
    assert checklist(client_for(camille), community) is None  # all done: gone
    community.refresh_from_db()
    assert community.launch_closed_at is not None
    conversations.unpin_post(post=welcome, by=camille)
    assert checklist(client_for(camille), community) is None  # and it does not come back


def test_a_steward_puts_the_checklist_away(community_factory, camille, make_user, join, client_for):
    community = community_factory(founder=camille, slug="fournil")
    member = join(make_user("michu"), community)
    url = reverse("communities:launch_dismiss", args=[community.slug])
    assert client_for(member).post(url).status_code == 403
    assert checklist(client_for(camille), community) is not None
    assert client_for(camille).post(url).status_code == 302
    assert checklist(client_for(camille), community) is None
    assert Community.objects.get(pk=community.pk).launch_closed_at is not None
