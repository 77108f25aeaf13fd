"""Faces and covers: a member's avatar, a community's logo and cover.

Each replaces the one before (deleted, files too, after the commit); removing one brings
back the default (initials for an avatar, nothing for a logo or a cover).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_steward
from agora.core.errors import InvalidInput

from ..models import Avatar, CommunityLook, Purpose
from . import images


@transaction.atomic
def set_avatar(*, user, data: bytes):
    """The member's new face; the previous one is deleted."""
    image = images.receive_image(uploader=user, community=None, purpose=Purpose.AVATAR, data=data)
    previous = Avatar.objects.filter(user=user).select_related("image").first()
    if previous is not None:
        old = previous.image
        previous.image = image
        previous.save(update_fields=["image"])
        images.delete_images([old])
        return previous
    return Avatar.objects.create(user=user, image=image)


@transaction.atomic
def remove_avatar(*, user) -> bool:
    avatar = Avatar.objects.filter(user=user).select_related("image").first()
    if avatar is None:
        return False
    images.delete_images([avatar.image])  # the avatar row goes with its image
    return True


@transaction.atomic
def set_community_image(*, community, by, purpose: str, data: bytes, alt: str = ""):
    """A steward sets the community's logo or cover; the previous one is deleted."""
    check_can_steward(by, community)
    if purpose not in (Purpose.LOGO, Purpose.COVER):
        raise InvalidInput(_("Unknown image use."))
    image = images.receive_image(
        uploader=by, community=community, purpose=purpose, data=data, alt=alt
    )
    look, _created = CommunityLook.objects.select_for_update().get_or_create(community=community)
    old = getattr(look, f"{purpose}_id")
    setattr(look, purpose, image)
    look.save(update_fields=[purpose])
    if old is not None:
        images.delete_images(images.Image.objects.filter(pk=old))
    return look


@transaction.atomic
def remove_community_image(*, community, by, purpose: str) -> bool:
    check_can_steward(by, community)
    if purpose not in (Purpose.LOGO, Purpose.COVER):
        raise InvalidInput(_("Unknown image use."))
    look = CommunityLook.objects.select_for_update().filter(community=community).first()
    old = getattr(look, f"{purpose}_id", None) if look else None
    if old is None:
        return False
    setattr(look, purpose, None)
    look.save(update_fields=[purpose])
    images.delete_images(images.Image.objects.filter(pk=old))
    return True
