"""Task entry points of core: they do one thing each and nothing else."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, to: str, subject: str, body: str) -> None:
    """Hand one e-mail to the configured backend (SMTP in production), from the worker."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
