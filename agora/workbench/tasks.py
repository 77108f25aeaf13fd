from django_tasks import task


@task()
def publish_due_statuses() -> dict:
    """A wake-up at a publishing time: publish whatever is due (idempotent)."""
    from .services.publishing import publish_due

    return publish_due()
