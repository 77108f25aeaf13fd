"""What media adds to a community's page (`communities.panels`): its cover and logo, and
the stewards' way to them."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from agora.communities import panels as community_panels
from agora.communities.selectors import is_steward

from . import selectors


def cover(request, community) -> str:
    look = selectors.look_of(community)
    if look is None or (look.logo is None and look.cover is None):
        return ""
    return render_to_string("media/fragments/cover.html", {"look": look, "community": community})


def pictures_link(request, community) -> str:
    if not is_steward(request.user, community):
        return ""
    return format_html(
        '<a class="button secondary" href="{}" data-testid="pictures-link">{}</a>',
        reverse("media:pictures", args=[community.slug]),
        _("Logo, cover and photos"),
    )


def add_your_face(request, community) -> str:
    if selectors.avatar_of(request.user) is not None:
        return ""
    return community_panels.todo_item(
        reverse("media:avatar"),
        _("Add your face"),
        _("A photo or a drawing: members recognise who speaks."),
        "todo-face",
    )


def register() -> None:
    community_panels.register("media.face", add_your_face, slot="todo", order=40)
    community_panels.register("media.cover", cover, slot="cover", order=10)
    community_panels.register("media.pictures", pictures_link, slot="actions", order=40)
