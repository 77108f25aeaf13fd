"""Members' votes close, and mandates end, through a real RQ worker's deferred tasks."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus

from agora.communities import selectors as community_selectors
from agora.communities.models import StewardMandate
from agora.communities.tasks import record_mandate_end
from agora.core.periodic import FIRST_ROUND_DONE
from agora.governance.models import Proposal
from agora.governance.services import ballots, proposals
from agora.governance.tasks import close_proposal_when_due
from agora.moderation.models import EntryKind, JournalEntry
from agora.testing.worker import logs, stop_workers, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_an_rq_worker_closes_a_vote_when_due_then_records_the_mandate_end(
    jury_community, clock, rq_tasks, tmp_path
):
    """The vote's deadline task and, once the mandate is granted, its end task wait in RQ's
    scheduled registry; the worker's scheduler runs each when it comes due."""
    proposer, candidate, *voters = jury_community.members
    grant = proposals.propose_mandate(
        community=jury_community,
        by=proposer,
        candidate=candidate,
        reason="For the summer.",
        ends_at=clock.now() + timedelta(days=30),
    )
    for voter in voters[:3]:
        ballots.cast_ballot(proposal=grant, voter=voter, yes=True)
    assert rq_tasks.deferred_until(close_proposal_when_due) == [
        grant.closes_at.replace(microsecond=0)
    ]

    log = tmp_path / "rq.log"
    worker = rq_tasks.start_worker(mail_dir=tmp_path, log_path=log)
    try:
        assert wait_for(rq_tasks.workers_ready), logs(log)
        # The sweeps' first round (run at start) must not be the one that closes the vote.
        assert wait_for(lambda: FIRST_ROUND_DONE in log.read_text(), timeout=30), logs(log)
        # The vote's deadline passes, moved in the database and in the scheduled registry
        # (the worker runs on the real clock; the test's clock is ten days ahead).
        past = timezone.now() - timedelta(minutes=1)
        Proposal.objects.filter(pk=grant.pk).update(
            created_at=past - timedelta(days=7), closes_at=past
        )
        assert rq_tasks.bring_forward(close_proposal_when_due) == 1
        adopted = wait_for(lambda: Proposal.objects.get(pk=grant.pk).state == "adopted", timeout=30)
        assert adopted, logs(log)

        # The worker, granting the mandate, deferred its end to the mandate's end date.
        mandate = StewardMandate.objects.get(user=candidate, community=jury_community)
        deferred = wait_for(lambda: rq_tasks.deferred_until(record_mandate_end), timeout=30)
        assert deferred, logs(log)
        assert rq_tasks.deferred_until(record_mandate_end) == [
            mandate.ends_at.replace(microsecond=0)
        ]
        StewardMandate.objects.filter(pk=mandate.pk).update(ends_at=timezone.now())
        assert rq_tasks.bring_forward(record_mandate_end) == 1
        ended = JournalEntry.objects.filter(
            community=jury_community, kind=EntryKind.MANDATE_ENDED, facts__contains=candidate.handle
        )
        recorded = wait_for(ended.exists, timeout=30)
    finally:
        stop_workers(worker)
    assert recorded, logs(log)
    assert ended.count() == 1
    fresh = type(candidate).objects.get(pk=candidate.pk)
    assert not community_selectors.is_steward(fresh, jury_community)
    # The deferred tasks did it, not the periodic sweep (which would find the vote closed).
    (closing,) = rq_tasks.results(close_proposal_when_due)
    assert (closing.status, closing.return_value) == (TaskResultStatus.SUCCESSFUL, "adopted")
    (ending,) = rq_tasks.results(record_mandate_end)
    assert (ending.status, ending.return_value) == (TaskResultStatus.SUCCESSFUL, True)
