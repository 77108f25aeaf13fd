"""Members amend the charter and grant or revoke mandates by vote; services and HTTP."""

import pytest

from agora.communities import selectors as community_selectors
from agora.communities.models import StewardMandate
from agora.core.errors import Conflict, InvalidInput, NotAllowed
from agora.governance import services
from agora.governance.models import Ballot, Proposal
from agora.moderation.models import EntryKind, JournalEntry

NEW_CHARTER = [
    {"title": "Kindness", "body": "Criticise ideas, never people."},
    {"title": "No spam", "body": "Announce commercial links as such."},
    {
        "title": "Calm",
        "body": "No shouting.",
        "rules": [{"kind": "shouting", "action": "flag"}],
    },
]


def vote_all(proposal, members, yes_count, no_count=0):
    for member in members[:yes_count]:
        services.cast_ballot(proposal=proposal, voter=member, yes=True)
    for member in members[yes_count : yes_count + no_count]:
        services.cast_ballot(proposal=proposal, voter=member, yes=False)


def test_an_adopted_amendment_publishes_a_version_everyone_consents_to_again(jury_community, clock):
    proposer, *voters = jury_community.members
    proposal = services.propose_amendment(
        community=jury_community, by=proposer, articles=NEW_CHARTER, reason="We need calm."
    )
    vote_all(proposal, voters, yes_count=3, no_count=1)
    with pytest.raises(Conflict):
        services.cast_ballot(proposal=proposal, voter=voters[0], yes=False)
    assert services.close_if_due(proposal=proposal) == "not due"
    clock.advance(days=7, seconds=1)
    with pytest.raises(NotAllowed, match="deadline"):
        services.cast_ballot(proposal=proposal, voter=voters[5], yes=True)
    assert services.close_if_due(proposal=proposal) == "adopted"
    proposal.refresh_from_db()
    assert (proposal.yes_votes, proposal.no_votes) == (3, 1)
    version = community_selectors.current_charter(jury_community)
    assert proposal.adopted_version == version and version.number == 2
    assert [a.title for a in version.articles.all()] == ["Kindness", "No spam", "Calm"]
    assert version.articles.all()[2].rules.get().kind == "shouting"
    assert community_selectors.has_consented_to_current(proposer, jury_community)
    assert not community_selectors.has_consented_to_current(voters[0], jury_community)
    assert services.close_if_due(proposal=proposal) == "closed"  # once


def test_no_quorum_or_no_majority_adopts_nothing(jury_community, clock):
    proposer, *voters = jury_community.members
    first = services.propose_amendment(
        community=jury_community, by=proposer, articles=NEW_CHARTER, reason="We need calm."
    )
    vote_all(first, voters, yes_count=2)  # quorum is 3
    second = services.propose_mandate(
        community=jury_community, by=proposer, candidate=voters[0], reason="She knows us well."
    )
    vote_all(second, voters[1:], yes_count=2, no_count=2)  # a tie is not a majority
    clock.advance(days=8)
    assert services.close_due_proposals() == {"no_quorum": 1, "rejected": 1}
    assert community_selectors.current_charter(jury_community).number == 1
    assert not community_selectors.is_steward(voters[0], jury_community)


def test_an_amendment_overtaken_by_another_version_is_not_applied(jury_community, camille, clock):
    from agora.communities import services as community_services

    proposer, *voters = jury_community.members
    proposal = services.propose_amendment(
        community=jury_community, by=proposer, articles=NEW_CHARTER, reason="We need calm."
    )
    vote_all(proposal, voters, yes_count=4)
    community_services.publish_charter_version(
        community=jury_community,
        by=camille,
        articles=[{"title": "Kindness", "body": "Be kind."}],
    )
    clock.advance(days=8)
    assert services.close_if_due(proposal=proposal) == "outdated"
    assert community_selectors.current_charter(jury_community).number == 2


def test_invalid_amendments_are_refused_with_a_reason(jury_community):
    member = jury_community.members[0]
    with pytest.raises(InvalidInput, match="Nothing changed"):
        services.propose_amendment(
            community=jury_community,
            by=member,
            articles=[
                {"title": "Kindness", "body": "Criticise ideas, never people."},
                {"title": "No spam", "body": "Announce commercial links as such."},
            ],
            reason="Same text again.",
        )
    broken = [{"title": "A", "body": "B", "rules": [{"kind": "pattern", "action": "hold",
                                                     "pattern": "(a)\\1"}]}]  # fmt: skip
    with pytest.raises(InvalidInput, match="cannot be used"):
        services.propose_amendment(
            community=jury_community, by=member, articles=broken, reason="Bad pattern here."
        )
    with pytest.raises(InvalidInput):
        services.propose_amendment(
            community=jury_community, by=member, articles=NEW_CHARTER, reason="short"
        )


def test_a_mandate_by_vote_gives_powers_and_its_revocation_ends_them_at_once(jury_community, clock):
    proposer, candidate, *voters = jury_community.members
    grant = services.propose_mandate(
        community=jury_community, by=proposer, candidate=candidate, reason="Always helpful."
    )
    with pytest.raises(Conflict):
        services.propose_mandate(
            community=jury_community, by=voters[0], candidate=candidate, reason="Same again."
        )
    vote_all(grant, voters, yes_count=3)
    clock.advance(days=8)
    assert services.close_if_due(proposal=grant) == "adopted"
    candidate = type(candidate).objects.get(pk=candidate.pk)  # a fresh request
    assert community_selectors.is_steward(candidate, jury_community)
    assert JournalEntry.objects.filter(
        kind=EntryKind.MANDATE_GRANTED, facts__contains=candidate.handle
    ).exists()
    mandate = StewardMandate.objects.get(user=candidate, community=jury_community)
    revoke = services.propose_revocation(
        community=jury_community, by=proposer, mandate=mandate, reason="Too harsh lately."
    )
    vote_all(revoke, voters, yes_count=3, no_count=1)
    clock.advance(days=8)
    assert services.close_if_due(proposal=revoke) == "adopted"
    candidate = type(candidate).objects.get(pk=candidate.pk)
    assert not community_selectors.is_steward(candidate, jury_community)
    assert JournalEntry.objects.filter(kind=EntryKind.MANDATE_ENDED).count() == 1


def test_a_holder_lays_down_their_mandate_and_a_community_can_have_no_steward(
    jury_community, camille, client_for
):
    mandate = StewardMandate.objects.get(user=camille, community=jury_community)
    with pytest.raises(NotAllowed):
        services.lay_down_mandate(mandate=mandate, by=jury_community.members[0])
    services.lay_down_mandate(mandate=mandate, by=camille)
    assert not community_selectors.stewards_of(jury_community).exists()
    page = client_for().get(f"/c/{jury_community.slug}/governance/").content.decode()
    assert "No steward: the members moderate through juries alone." in page
    # Powers end on the very next request.
    response = client_for(camille).get(f"/c/{jury_community.slug}/moderation/")
    assert "Open cases, oldest first" not in response.content.decode()


def test_a_mandate_with_an_end_date_ends_by_itself_and_the_journal_records_it(
    jury_community, clock
):
    from datetime import timedelta

    proposer, candidate, *voters = jury_community.members
    ends_at = clock.now() + timedelta(days=30)
    grant = services.propose_mandate(
        community=jury_community,
        by=proposer,
        candidate=candidate,
        reason="For the summer.",
        ends_at=ends_at,
    )
    vote_all(grant, voters, yes_count=3)
    clock.advance(days=8)
    services.close_if_due(proposal=grant)
    mandate = StewardMandate.objects.get(user=candidate, community=jury_community)
    assert services.record_ended_mandate(mandate=mandate) is False  # not yet
    clock.advance(days=23)
    fresh = type(candidate).objects.get(pk=candidate.pk)
    assert not community_selectors.is_steward(fresh, jury_community)
    assert services.record_ended_mandate(mandate=mandate) is True
    assert services.record_ended_mandate(mandate=mandate) is False  # once


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
    services.close_due_proposals()
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
