"""What the workbench adds to a community's page (`communities.panels`): the stewards' way
to the editorial calendar."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from agora.communities import panels as community_panels
from agora.communities.permissions import can_steward


def calendar_link(request, community) -> str:
    if not can_steward(request.user, community):
        return ""
    return format_html(
        '<a class="button secondary" href="{}" data-testid="calendar-link">{}</a>',
        reverse("workbench:calendar", args=[community.slug]),
        _("Editorial calendar"),
    )


def register() -> None:
    community_panels.register("workbench.calendar", calendar_link, slot="actions", order=20)
