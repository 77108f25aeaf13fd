"""Jurors voting at the same moment, in threads with their own database connections.

Run on PostgreSQL (where the case row is locked) and on SQLite's file database (where
writers take turns): no vote is lost, a case closes exactly once, and the refused votes
answer with a clear error rather than a crash.
"""

import threading

import pytest
from django.db import connection

from agora.conversations import services as conversations
from agora.core.errors import AgoraError
from agora.moderation.models import (
    Case,
    EntryKind,
    Flag,
    JournalEntry,
    Juror,
    ModerationSettings,
    Notice,
    Vote,
)
from agora.moderation.services import cases, decisions, votes

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(calls):
    """Run each call in its own thread, released together; return results or errors."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except AgoraError as error:
            results[index] = error
        except Exception as error:  # noqa: BLE001 (reported by the test, not swallowed)
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def open_case(community, jury_size):
    ModerationSettings.objects.create(
        community=community, jury_size=jury_size, appeal_jury_size=jury_size + 2, quorum=2
    )
    post = conversations.write_post(
        community=community, author=community.members[0], title="T", body="Texte."
    )
    for member in community.members[1:4]:
        cases.flag_item(member=member, post=post, article_number=1)
    case = Case.objects.get(post=post)
    jurors = [j.user for j in Juror.objects.filter(case=case).select_related("user")]
    assert len(jurors) == jury_size
    return case, jurors


def test_simultaneous_votes_are_all_counted(jury_community, clock):
    case, jurors = open_case(jury_community, jury_size=4)  # majority 3: 2 against 2 never closes
    choices = ["keep", "remove", "keep", "remove"]
    calls = [
        (lambda j=j, c=c: votes.cast_vote(case=case, juror=j, choice=c))
        for j, c in zip(jurors, choices, strict=True)
    ]
    results = at_once(calls)
    assert all(isinstance(r, Vote) for r in results), results
    assert Vote.objects.filter(case=case).count() == 4
    case.refresh_from_db()
    assert case.state == "open"
    clock.advance(hours=73)
    outcomes = at_once([lambda: decisions.close_if_due(case=case)] * 2)
    assert sorted(outcomes) == ["closed", "decided"], outcomes
    case.refresh_from_db()
    assert (case.decision, case.keep_votes, case.remove_votes) == ("keep", 2, 2)  # a tie keeps
    assert JournalEntry.objects.filter(case=case, kind=EntryKind.KEPT).count() == 1


def test_a_unanimous_jury_voting_at_once_closes_the_case_exactly_once(jury_community):
    case, jurors = open_case(jury_community, jury_size=5)
    results = at_once(
        [(lambda j=j: votes.cast_vote(case=case, juror=j, choice="remove")) for j in jurors]
    )
    counted = [r for r in results if isinstance(r, Vote)]
    refused = [r for r in results if not isinstance(r, Vote)]
    assert len(counted) == 3  # the majority of 5 closes the case
    assert len(refused) == 2 and all(r.status == 409 for r in refused), refused
    case.refresh_from_db()
    assert (case.state, case.decision, case.remove_votes, case.keep_votes) == (
        "decided",
        "remove",
        3,
        0,
    )
    assert Vote.objects.filter(case=case).count() == 3
    assert JournalEntry.objects.filter(case=case, kind=EntryKind.REMOVED).count() == 1
    assert Notice.objects.filter(entry__case=case, entry__kind=EntryKind.REMOVED).count() == 1


def test_ten_members_flagging_one_post_at_once_open_one_case_with_every_flag(
    jury_community, make_user, join
):
    """ "Find the open case, add the flag, count, open, attach, record" runs once per flag:
    without a lock on the item, two flags each opened the case and journaled it."""
    ModerationSettings.objects.create(community=jury_community, flag_threshold=3)
    post = conversations.write_post(
        community=jury_community, author=jury_community.members[0], title="T", body="Texte."
    )
    flaggers = [join(make_user(f"flagger{n}"), jury_community) for n in range(10)]
    results = at_once(
        [(lambda m=m: cases.flag_item(member=m, post=post, article_number=1)) for m in flaggers]
    )
    assert all(not isinstance(r, Exception) for r in results), results
    case = Case.objects.get(post=post)  # one case, not two
    assert Flag.objects.filter(post=post).count() == 10
    assert Flag.objects.filter(post=post, case__isnull=True).count() == 0
    assert Flag.objects.filter(post=post, case=case).count() == 10
    opened = JournalEntry.objects.filter(case=case, kind=EntryKind.CASE_OPENED)
    assert opened.count() == 1
