"""What governance adds to a community's page (`communities.panels`): the members' votes."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from agora.communities import panels as community_panels


def decisions_link(request, community) -> str:
    return format_html(
        '<a href="{}">{}</a>', reverse("governance:index", args=[community.slug]), _("Decisions")
    )


def register() -> None:
    community_panels.register("governance.decisions", decisions_link, slot="links", order=20)
