"""Who sees the images of posts and comments: the item decides (media asks, `access`).

A visible item's images are seen by whoever sees its community; a held or removed item's,
or an image a steward hid, by its author and by who reviews it (moderation's jurors and
stewards); a deleted item's by nobody. An image not yet published, by its uploader alone.
"""

from __future__ import annotations

from agora.media import access

from .models import Attachment, ModerationState


def image_access(user, image) -> str | None:
    attachment = (
        Attachment.objects.filter(image=image)
        .select_related("post", "post__community", "comment")
        .first()
    )
    if attachment is None:
        return access.uploader_only(user, image)
    post, comment = attachment.post, attachment.comment
    item = comment or post
    if post.deleted_at is not None or item.deleted_at is not None:
        return None
    shown = (
        attachment.hidden_at is None
        and item.moderation_state == ModerationState.VISIBLE
        and post.moderation_state == ModerationState.VISIBLE
    )
    if shown:
        return access.community_decision(user, post.community)
    if user.is_authenticated and item.author_id == user.pk:
        return access.MEMBERS
    return access.reviewer_decision(user, image)


def register() -> None:
    access.register("post", image_access)
    access.register("comment", image_access)
