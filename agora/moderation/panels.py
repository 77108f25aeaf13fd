"""What moderation adds to a community's page (`communities.panels`): the public journal,
and the moderation page for anyone logged in (their juries; the queue for stewards)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from agora.communities import panels as community_panels


def journal_link(request, community) -> str:
    return format_html(
        '<a href="{}">{}</a>', reverse("moderation:journal", args=[community.slug]), _("Journal")
    )


def moderation_link(request, community) -> str:
    if not request.user.is_authenticated:
        return ""
    return format_html(
        '<a href="{}" data-testid="moderation-link">{}</a>',
        reverse("moderation:queue", args=[community.slug]),
        _("Moderation"),
    )


def register() -> None:
    community_panels.register("moderation.journal", journal_link, slot="links", order=10)
    community_panels.register("moderation.queue", moderation_link, slot="links", order=30)
