"""E-mail leaves from the task worker, after the transaction that decided it commits.

Nothing is sent when the transaction rolls back, and a slow SMTP server never holds a
request or a database lock.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_email


def send_after_commit(*, to: str, subject: str, body: str) -> None:
    """Queue an e-mail once the current transaction commits (nothing is sent on rollback)."""
    transaction.on_commit(lambda: send_email.enqueue(to=to, subject=subject, body=body))


def send_templated(*, recipient, template: str, context: dict | Callable[[], dict]) -> None:
    """Render `<template>_subject.txt` and `<template>.txt` in the recipient's language and
    send them after commit.

    `recipient` has `email` and `language` (an account). Without a language of their own,
    the language in use (the request's) or the site's default is taken. `context` may be a
    function, called inside the language switch, for values that translate themselves.
    """
    language = recipient.language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        values = context() if callable(context) else context
        subject = render_to_string(f"{template}_subject.txt", values).strip()
        body = render_to_string(f"{template}.txt", values)
    send_after_commit(to=recipient.email, subject=subject, body=body)
