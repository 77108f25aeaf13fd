"""Shared by the governance tests: an amended charter, and members voting on a proposal."""

from agora.governance.services import ballots

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
        ballots.cast_ballot(proposal=proposal, voter=member, yes=True)
    for member in members[yes_count : yes_count + no_count]:
        ballots.cast_ballot(proposal=proposal, voter=member, yes=False)
