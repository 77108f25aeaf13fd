"""Side effects of moderation that members hear of by e-mail, as they chose (jury duty,
notices: `agora.notify`). Called by the services, never by views; the e-mail is queued in
the service's transaction and sent by the worker."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from agora.accounts.models import User
from agora.notify.models import EmailKind
from agora.notify.services import outbox


def jurors_drawn(*, case, user_ids: list[int]) -> None:
    """Each drawn juror may hear of their seat; the jury page lists their seats too."""
    outbox.queue_topic(
        recipients=User.objects.filter(pk__in=user_ids, is_active=True),
        kind=EmailKind.JURY,
        community=case.community,
        topic=f"case.{case.pk}",
        title=case.community.name,
        url=reverse("moderation:case", args=[case.community.slug, case.pk]),
        deadline=case.deadline,
    )


def notice_sent(*, entry, recipient) -> None:
    """The author of a moderated contribution hears of the decision and its reasons."""

    def title(user) -> str:
        text = str(entry.get_kind_display())
        if entry.article_number:
            text += " — " + _("article %(number)s « %(title)s »") % {
                "number": entry.article_number, "title": entry.article_title,
            }  # fmt: skip
        return text

    outbox.queue_topic(
        recipients=[recipient],
        kind=EmailKind.NOTICE,
        community=entry.community,
        topic=f"notice.{entry.pk}",
        title=title,
        url=reverse("moderation:notices"),
    )
