"""E-mail goes out from the task worker, never inside a request's transaction."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction


def deliver(*, to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def send_after_commit(*, to: str, subject: str, body: str) -> None:
    """Queue an e-mail once the current transaction commits (nothing is sent on rollback)."""
    from agora.accounts.tasks import send_email

    transaction.on_commit(lambda: send_email.enqueue(to=to, subject=subject, body=body))
