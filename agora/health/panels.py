"""What health adds to a community's page (`communities.panels`): the way to its dashboard,
for the stewards, and for members when the community shows them its summary."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from agora.communities import panels as community_panels
from agora.communities.selectors import is_member, is_steward

from . import selectors


def dashboard_link(request, community) -> str:
    if is_steward(request.user, community):
        label = _("Health")
    elif is_member(request.user, community) and selectors.settings_of(community).public_summary:
        label = _("How the community is doing")
    else:
        return ""
    return format_html(
        '<a class="button secondary" href="{}" data-testid="health-link">{}</a>',
        reverse("health:dashboard", args=[community.slug]),
        label,
    )


def register() -> None:
    community_panels.register("health.dashboard", dashboard_link, slot="actions", order=30)
