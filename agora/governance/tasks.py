"""Task entry points for governance: they call services and nothing else."""

from django_tasks import task

from agora.communities.models import StewardMandate

from .models import Proposal


@task()
def close_proposal_when_due(*, proposal_id: int) -> str:
    from .services import close_if_due

    if not Proposal.objects.filter(pk=proposal_id).exists():
        return "gone"
    return close_if_due(proposal=Proposal(pk=proposal_id))


@task()
def record_mandate_end(*, mandate_id: int) -> bool:
    from .services import record_ended_mandate

    if not StewardMandate.objects.filter(pk=mandate_id).exists():
        return False
    return record_ended_mandate(mandate=StewardMandate(pk=mandate_id))
