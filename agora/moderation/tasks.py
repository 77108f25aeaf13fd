"""Task entry points for moderation: they call services and nothing else."""

from django_tasks import task

from .models import Case


@task()
def close_case_when_due(*, case_id: int) -> str:
    from .services.juries import close_if_due

    if not Case.objects.filter(pk=case_id).exists():
        return "gone"
    return close_if_due(case=Case(pk=case_id))


@task()
def close_due_cases() -> dict:
    from .services.juries import close_due_cases as sweep

    return sweep()
