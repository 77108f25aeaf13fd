"""How the members vote: a vote's length and quorum, set by the stewards."""

import pytest

from agora.core.errors import InvalidInput, NotAllowed
from agora.governance.models import GovernanceSettings
from agora.governance.selectors import settings_of
from agora.governance.services import proposals
from agora.governance.services.settings import update_governance_settings

pytestmark = pytest.mark.django_db


def test_defaults_without_a_row_and_no_write(the_community):
    settings = settings_of(the_community)
    assert (settings.proposal_days, settings.proposal_quorum, settings.pk) == (7, 3, None)
    assert not GovernanceSettings.objects.exists()


def test_a_steward_sets_them_and_votes_follow(jury_community, camille, clock):
    update_governance_settings(
        community=jury_community, by=camille, proposal_days=3, proposal_quorum=1
    )
    jury_community.refresh_from_db()
    assert (
        settings_of(jury_community).proposal_days,
        settings_of(jury_community).proposal_quorum,
    ) == (3, 1)
    proposal = proposals.propose_mandate(
        community=jury_community,
        by=jury_community.members[0],
        candidate=jury_community.members[1],
        reason="Always helpful.",
    )
    assert (proposal.closes_at - proposal.created_at).days == 3


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"proposal_days": 0, "proposal_quorum": 3}, "proposal_days"),
        ({"proposal_days": 91, "proposal_quorum": 3}, "proposal_days"),
        ({"proposal_days": 7, "proposal_quorum": 0}, "proposal_quorum"),
    ],
)
def test_impossible_values_are_refused_and_nothing_is_written(
    the_community, camille, values, field
):
    with pytest.raises(InvalidInput) as refused:
        update_governance_settings(community=the_community, by=camille, **values)
    assert field in refused.value.errors
    assert not GovernanceSettings.objects.exists()


def test_only_stewards_change_them(the_community, member_michu):
    with pytest.raises(NotAllowed):
        update_governance_settings(
            community=the_community, by=member_michu, proposal_days=3, proposal_quorum=1
        )


def test_the_settings_page_for_stewards_only(client_for, the_community, camille, member_michu):
    url = "/c/the-community/governance/settings/"
    assert client_for(member_michu).get(url).status_code == 403
    assert client_for(camille).get(url).status_code == 200
    bad = client_for(camille).post(url, {"proposal_days": "0", "proposal_quorum": "2"})
    assert bad.status_code == 400
    assert not GovernanceSettings.objects.exists()
    good = client_for(camille).post(url, {"proposal_days": "5", "proposal_quorum": "2"})
    assert good.status_code == 302
    saved = GovernanceSettings.objects.get(community=the_community)
    assert (saved.proposal_days, saved.proposal_quorum) == (5, 2)
    index = client_for(camille).get("/c/the-community/governance/").content.decode()
    assert "A vote lasts 5 days and counts with at least 2 ballots." in index
    assert 'data-testid="voting-settings"' in index
