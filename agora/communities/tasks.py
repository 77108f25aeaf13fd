"""Task entry points for communities: they call services and nothing else."""

from django_tasks import task

from .models import StewardMandate
from .services import invitations, mandates


@task()
def record_mandate_end(*, mandate_id: int) -> bool:
    """A mandate's end date (deferred by `mandates.schedule_mandate_end`)."""
    if not StewardMandate.objects.filter(pk=mandate_id).exists():
        return False
    return mandates.record_mandate_end(mandate=StewardMandate(pk=mandate_id))


@task()
def send_invitations(*, ids: list[int]) -> int:
    """The e-mails of a batch of invitations (queued by `invitations.invite_by_email`)."""
    return invitations.send_invitation_emails(ids)
