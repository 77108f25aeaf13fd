"""Showing images: `{% picture image sizes %}` and `{% avatar user size %}`.

Every picture carries its width and height (no layout shift), loads lazily, offers its
sizes to the browser (`srcset`/`sizes`, WebP first, a JPEG for the others) and its
description as `alt`. A member without an avatar gets one drawn from their name.
"""

import hashlib

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import ImageState

register = template.Library()

# Soft colours for drawn avatars, chosen by the handle so a member keeps theirs.
AVATAR_COLOURS = ("#7a5c3e", "#3e6b7a", "#5c7a3e", "#7a3e5c", "#3e4f7a", "#7a6a3e", "#4f3e7a")


def _url(image, rendition) -> str:
    return reverse("media:image", args=[image.key, rendition["name"].rsplit("/", 1)[-1]])


@register.simple_tag
def picture(image, sizes="100vw", css_class="", eager=False):
    """The `<picture>` of a ready image; nothing at all for one that is not ready."""
    if image is None or image.state != ImageState.READY or not image.renditions:
        return ""
    webp = sorted((r for r in image.renditions if r["f"] == "webp"), key=lambda r: r["w"])
    jpeg = next((r for r in image.renditions if r["f"] == "jpeg"), webp[-1])
    return render_to_string(
        "media/picture.html",
        {
            "image": image,
            "srcset": ", ".join(f"{_url(image, r)} {r['w']}w" for r in webp),
            "fallback": _url(image, jpeg),
            "sizes": sizes,
            "css_class": css_class,
            "eager": eager,
        },
    )


@register.simple_tag
def image_url(image, width=640):
    """The WebP size closest above `width` (for a cover's background, an og:image)."""
    if image is None or image.state != ImageState.READY or not image.renditions:
        return ""
    webp = sorted((r for r in image.renditions if r["f"] == "webp"), key=lambda r: r["w"])
    chosen = next((r for r in webp if r["w"] >= width), webp[-1])
    return _url(image, chosen)


@register.simple_tag
def avatar(user, size=40):
    """The member's face, or their initials on a colour of their own."""
    avatar = getattr(user, "avatar", None) if user is not None else None
    image = getattr(avatar, "image", None)
    name = (getattr(user, "display_name", "") or getattr(user, "handle", "") or "?").strip()
    initials = "".join(part[0] for part in name.split()[:2]).upper() or "?"
    handle = getattr(user, "handle", "") or name
    colour = AVATAR_COLOURS[hashlib.sha256(handle.encode()).digest()[0] % len(AVATAR_COLOURS)]
    ready = image is not None and image.state == ImageState.READY and image.renditions
    return render_to_string(
        "media/avatar.html",
        {
            "image": image if ready else None,
            "src": image_url(image, size * 2) if ready else "",
            "initials": initials,
            "colour": colour,
            "size": size,
            "name": name,
        },
    )
