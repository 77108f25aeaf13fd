"""Task entry points of notify: they call services and nothing else."""

from django_tasks import task

from .services import sending


@task()
def send_due_emails() -> dict:
    """Send what is due (queued when e-mails are, deferred to their moment, several at once
    for a large send so that every worker takes part; and by the sweep)."""
    return sending.send_due()


@task()
def send_email_summaries() -> dict:
    """The daily and weekly summaries that are due (the sweep queues it)."""
    return sending.send_summaries()
