"""Task entry points for accounts: they call services and nothing else."""

from django_tasks import task

from agora.core import mail


@task()
def send_email(*, to: str, subject: str, body: str) -> None:
    mail.deliver(to=to, subject=subject, body=body)
