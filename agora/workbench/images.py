"""Who sees a planned status's images before it is published: the community's stewards,
who plan together (media asks, `access`). Once published they are a post's like any other."""

from __future__ import annotations

from agora.communities.permissions import can_steward
from agora.media import access
from agora.media.models import Purpose

from .models import PlannedImage


def planned_image_access(user, image) -> str | None:
    held = PlannedImage.objects.filter(image=image).select_related("planned__community").first()
    if held is None:
        return access.uploader_only(user, image)
    return access.MEMBERS if can_steward(user, held.planned.community) else None


def register() -> None:
    access.register(Purpose.STATUS, planned_image_access)
