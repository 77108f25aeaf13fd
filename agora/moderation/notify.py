"""Side effects of moderation that wait for the commit: e-mails to jurors and authors.
Called by the services, never by views."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from agora.accounts.models import User
from agora.core import mail


def _send(user, template: str, context: dict) -> None:
    mail.send_templated(recipient=user, template=f"moderation/email/{template}", context=context)


def jurors_drawn(*, case, user_ids: list[int]) -> None:
    """Tell each drawn juror, by e-mail after commit; the jury page lists their seats too."""
    link = settings.BASE_URL + reverse("moderation:case", args=[case.community.slug, case.pk])
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        _send(user, "jury", {"user": user, "case": case, "link": link})


def notice_sent(*, entry, recipient) -> None:
    link = settings.BASE_URL + reverse("moderation:notices")
    _send(recipient, "notice", {"user": recipient, "entry": entry, "link": link})
