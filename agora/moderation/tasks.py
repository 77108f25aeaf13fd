"""Task entry points for moderation: they call services and nothing else."""

from django_tasks import task

from .models import Case
from .services import decisions


@task()
def close_case_when_due(*, case_id: int) -> str:
    """A case's deadline (deferred by `decisions.schedule_deadline`): decide or redraw."""
    if not Case.objects.filter(pk=case_id).exists():
        return "gone"
    return decisions.close_if_due(case=Case(pk=case_id))
