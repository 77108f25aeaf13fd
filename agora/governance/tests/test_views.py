"""Members' votes through HTTP: proposing, voting, the pages, and outsiders."""

import pytest

from agora.communities import selectors as community_selectors
from agora.communities.models import StewardMandate
from agora.communities.services import mandates
from agora.core.errors import NotAllowed
from agora.governance.models import Ballot, Proposal
from agora.governance.services import proposals


def test_the_whole_vote_through_http(jury_community, client_for, clock):
    proposer, candidate, *voters = jury_community.members
    slug = jury_community.slug
    form = client_for(proposer).post(
        f"/c/{slug}/governance/steward/",
        {"candidate": "@" + candidate.handle, "reason": "Always helpful and calm."},
    )
    assert form.status_code == 302
    proposal = Proposal.objects.get()
    unknown = client_for(proposer).post(
        f"/c/{slug}/governance/steward/", {"candidate": "nobody", "reason": "Ten characters."}
    )
    assert unknown.status_code == 400 and "Choose a member" in unknown.content.decode()
    for voter in voters[:3]:
        response = client_for(voter).post(
            f"/c/{slug}/governance/{proposal.pk}/vote/", {"yes": "yes"}
        )
        assert response.status_code == 302
    again = client_for(voters[0]).post(f"/c/{slug}/governance/{proposal.pk}/vote/", {"yes": "no"})
    assert again.status_code == 409
    bad = client_for(voters[4]).post(f"/c/{slug}/governance/{proposal.pk}/vote/", {"yes": "?"})
    assert bad.status_code == 400
    assert Ballot.objects.count() == 3
    page = client_for().get(f"/c/{slug}/governance/{proposal.pk}/").content.decode()
    assert "3 ballots so far" in page
    clock.advance(days=8)
    proposals.close_due_proposals()
    page = client_for().get(f"/c/{slug}/governance/").content.decode()
    assert "Adopted" in page and "3 yes, 0 no" in page
    journal = client_for().get(f"/c/{slug}/journal/").content.decode()
    assert "Stewardship mandate granted" in journal and candidate.handle in journal


def test_amendment_form_and_outsiders(jury_community, client_for, olga):
    slug = jury_community.slug
    member = jury_community.members[0]
    page = client_for(member).get(f"/c/{slug}/governance/amend/")
    assert page.status_code == 200 and "Criticise ideas" in page.content.decode()
    data = {
        "reason": "Add a calm article.",
        "articles-TOTAL_FORMS": "3",
        "articles-INITIAL_FORMS": "0",
        "articles-0-title": "Kindness",
        "articles-0-body": "Criticise ideas, never people.",
        "articles-1-title": "No spam",
        "articles-1-body": "Announce commercial links as such.",
        "articles-2-title": "Calm",
        "articles-2-body": "No shouting.",
        "articles-2-shouting": "on",
        "articles-2-shouting_action": "flag",
    }
    response = client_for(member).post(f"/c/{slug}/governance/amend/", data)
    assert response.status_code == 302
    proposal = Proposal.objects.get(kind="amendment")
    detail = client_for().get(f"/c/{slug}/governance/{proposal.pk}/").content.decode()
    assert "Calm" in detail and "Its automatic rules changed." not in detail
    assert client_for(olga).post(f"/c/{slug}/governance/amend/", data).status_code == 403
    outsider_vote = client_for(olga).post(
        f"/c/{slug}/governance/{proposal.pk}/vote/", {"yes": "yes"}
    )
    assert outsider_vote.status_code == 403


def test_a_holder_lays_down_their_mandate_and_a_community_can_have_no_steward(
    jury_community, camille, client_for
):
    mandate = StewardMandate.objects.get(user=camille, community=jury_community)
    with pytest.raises(NotAllowed):
        mandates.lay_down_mandate(mandate=mandate, by=jury_community.members[0])
    mandates.lay_down_mandate(mandate=mandate, by=camille)
    assert not community_selectors.stewards_of(jury_community).exists()
    page = client_for().get(f"/c/{jury_community.slug}/governance/").content.decode()
    assert "No steward: the members moderate through juries alone." in page
    # Powers end on the very next request.
    response = client_for(camille).get(f"/c/{jury_community.slug}/moderation/")
    assert "Open cases, oldest first" not in response.content.decode()
