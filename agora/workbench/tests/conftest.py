from datetime import timedelta

import pytest

from agora.communities.services import mandates
from agora.core.clock import now
from agora.workbench.models import PlannedStatus


@pytest.fixture
def second_steward(the_community, make_user, join):
    """Sacha, a member who became the community's second steward (to approve statuses)."""
    sacha = join(make_user("sacha", name="Sacha Second"), the_community)
    mandates.grant_stewardship(community=the_community, user=sacha, reason="vote")
    return sacha


@pytest.fixture
def due_statuses(the_community, camille):
    """`due_statuses(n)`: n statuses scheduled in the same minute, already due."""

    def make(n, *, seconds_ago=5):
        moment = now()
        rows = [
            PlannedStatus(
                community=the_community,
                author=camille,
                title=f"Status {i}",
                body=f"Bonjour, voici la nouvelle numéro {i}.",
                state="scheduled",
                publish_at=moment - timedelta(seconds=seconds_ago, milliseconds=i),
                created_at=moment,
                updated_at=moment,
            )
            for i in range(n)
        ]
        return PlannedStatus.objects.bulk_create(rows)

    return make
