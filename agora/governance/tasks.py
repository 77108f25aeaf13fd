"""Task entry points for governance: they call services and nothing else."""

from django_tasks import task

from .models import Proposal
from .services import proposals


@task()
def close_proposal_when_due(*, proposal_id: int) -> str:
    """A members' vote's deadline (deferred by `proposals.schedule_closing`)."""
    if not Proposal.objects.filter(pk=proposal_id).exists():
        return "gone"
    return proposals.close_if_due(proposal=Proposal(pk=proposal_id))
