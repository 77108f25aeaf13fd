"""Reads for governance."""

from agora.communities.models import StewardMandate
from agora.core import per_community
from agora.core.errors import NotFound

from .models import Ballot, GovernanceSettings, Proposal


def settings_of(community) -> GovernanceSettings:
    """How the community's members vote; the defaults when none were saved (no write)."""
    return per_community.settings_of(GovernanceSettings, community)


def mandate_in(community, mandate_id) -> StewardMandate:
    """A stewardship mandate of this community (in force or not), with its holder."""
    mandate = (
        StewardMandate.objects.filter(community=community, pk=mandate_id)
        .select_related("user")
        .first()
    )
    if mandate is None:
        raise NotFound()
    return mandate


def proposals_of(community):
    return Proposal.objects.filter(community=community).select_related(
        "proposed_by", "candidate", "mandate__user", "post"
    )


def proposal_in(community, proposal_id) -> Proposal:
    proposal = proposals_of(community).filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound()
    return proposal


def ballot_count(proposal) -> int:
    """Ballots cast so far (who voted how stays secret until the vote closes)."""
    return Ballot.objects.filter(proposal=proposal).count()


def ballot_of(user, proposal) -> Ballot | None:
    if not user.is_authenticated:
        return None
    return Ballot.objects.filter(proposal=proposal, voter=user).first()


class _Rows(list):
    def all(self):
        return self


class _ProposedArticle:
    def __init__(self, number, data):
        self.number, self.title, self.body = number, data["title"], data["body"]
        self.rules = _Rows(_ProposedRule(rule) for rule in data.get("rules") or [])


class _ProposedRule:
    def __init__(self, data):
        self.kind, self.action = data["kind"], data["action"]
        self.terms, self.pattern, self.limit = (
            data.get("terms") or [],
            data.get("pattern", ""),
            (data.get("limit") or 0),
        )


class ProposedCharter:
    """An amendment's text shaped like a charter version, for `charter_diff`."""

    def __init__(self, proposal):
        self.articles = _Rows(
            _ProposedArticle(n, a) for n, a in enumerate(proposal.articles, start=1)
        )


def amendment_diff(proposal):
    from agora.communities.selectors import charter_diff

    return charter_diff(proposal.base_version, ProposedCharter(proposal))
