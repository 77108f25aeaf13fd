"""Claims on inbox items, and answering from the inbox (with a saved reply or a fact)."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_steward
from agora.conversations import services as conversations
from agora.conversations.models import Comment, Post
from agora.core.clock import now
from agora.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from agora.moderation.models import Case

from ..models import InboxClaim, SavedReply, SavedReplyUse

ITEM_RE = re.compile(r"^(post|comment|case):([1-9][0-9]{0,17})$")


def _check_item(community, item: str) -> None:
    match = ITEM_RE.match(item or "")
    if not match:
        raise InvalidInput(_("Unknown inbox item."))
    kind, pk = match.group(1), int(match.group(2))
    exists = {
        "post": lambda: Post.objects.filter(community=community, pk=pk).exists(),
        "comment": lambda: Comment.objects.filter(post__community=community, pk=pk).exists(),
        "case": lambda: Case.objects.filter(community=community, pk=pk).exists(),
    }[kind]()
    if not exists:
        raise NotFound()


def claim(*, community, by, item: str) -> InboxClaim:
    """ "I am answering this": one steward per item (409 names who has it)."""
    check_can_steward(by, community)
    _check_item(community, item)
    try:
        with transaction.atomic():
            return InboxClaim.objects.create(
                community=community, item=item, user=by, claimed_at=now()
            )
    except IntegrityError:
        holder = InboxClaim.objects.filter(community=community, item=item).first()
        if holder and holder.user_id == by.pk:
            return holder
        name = holder.user.display_name if holder else "?"
        raise Conflict(_("%(name)s is already answering this.") % {"name": name}) from None


@transaction.atomic
def release(*, community, by, item: str) -> None:
    check_can_steward(by, community)
    found = InboxClaim.objects.filter(community=community, item=item).first()
    if found is None:
        return
    if found.user_id != by.pk:
        raise NotAllowed(_("Only the steward who claimed it can let it go."))
    found.delete()


@transaction.atomic
def answer_question(*, post: Post, by, body: str, saved_reply_id: int | None = None) -> Comment:
    """A steward's reply from the inbox; a saved reply it started from records a use."""
    check_can_steward(by, post.community)
    saved = None
    if saved_reply_id:
        saved = SavedReply.objects.filter(community=post.community, pk=saved_reply_id).first()
        if saved is None:
            raise InvalidInput(_("Unknown saved reply."))
    comment = conversations.write_comment(post=post, author=by, body=body)
    if saved is not None:
        record_use(saved=saved, by=by, body=body, comment_id=comment.pk)
    InboxClaim.objects.filter(community=post.community, item=f"post:{post.pk}").delete()
    return comment


def record_use(*, saved: SavedReply, by, body: str, comment_id: int | None = None):
    from django.db.models import F

    unchanged = " ".join(body.split()) == " ".join(saved.body.split())
    SavedReply.objects.filter(pk=saved.pk).update(use_count=F("use_count") + 1)
    return SavedReplyUse.objects.create(
        saved_reply=saved, user=by, comment_id=comment_id, unchanged=unchanged, used_at=now()
    )
