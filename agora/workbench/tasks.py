"""Task entry points for the workbench: they call services and nothing else."""

from django_tasks import task

from .services import publishing


@task()
def publish_due_statuses() -> dict:
    """A wake-up at a publishing time (`publishing.wake_at`): publish whatever is due
    (idempotent)."""
    return publishing.publish_due()
