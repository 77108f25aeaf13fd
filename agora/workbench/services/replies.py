"""Saved replies: texts a steward may start from (each use is recorded)."""

from django.db import transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_steward
from agora.core.clock import now
from agora.core.errors import InvalidInput, NotFound

from ..models import SavedReply


@transaction.atomic
def save_reply(*, community, by, title: str, body: str, saved: SavedReply | None = None):
    """A new saved reply, or `saved` rewritten (one of this community's: NotFound else)."""
    check_can_steward(by, community)
    title, body = (title or "").strip(), (body or "").replace("\x00", "").strip()
    errors = {}
    if not title or len(title) > 120:
        errors["title"] = [_("Give it a title of 1 to 120 characters.")]
    if not body or len(body) > 5000:
        errors["body"] = [_("Write the reply in 1 to 5,000 characters.")]
    if errors:
        raise InvalidInput(_("Please correct the fields below."), errors=errors)
    if saved is None:
        saved = SavedReply(community=community, created_by=by, created_at=now())
    elif saved.community_id != community.pk:
        raise NotFound(_("This saved reply is not one of this community's."))
    saved.title, saved.body = title, body
    saved.save()
    return saved


@transaction.atomic
def delete_reply(*, saved: SavedReply, by) -> None:
    check_can_steward(by, saved.community)
    saved.delete()
