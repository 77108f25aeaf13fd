"""Showing images: `{% picture image sizes %}` and `{% avatar user size %}`.

Every picture carries its width and height (no layout shift), loads lazily, offers its
sizes to the browser (`srcset`/`sizes`, WebP first, a JPEG for the others) and its
description as `alt`. A member without an avatar gets one drawn from their name.
"""

import hashlib

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html

from ..links import url_of
from ..models import ImageState

register = template.Library()

# Soft colours for drawn avatars (CSS classes avatar-0 … avatar-6, no inline style under
# the CSP), chosen by the handle so a member keeps theirs.
AVATAR_COLOURS = 7


@register.simple_tag
def picture(image, sizes="100vw", css_class="", eager=False):
    """The `<picture>` of a ready image; nothing at all for one that is not ready."""
    if image is None or image.state != ImageState.READY or not image.renditions:
        return ""
    webp = sorted((r for r in image.renditions if r["f"] == "webp"), key=lambda r: r["w"])
    jpeg = next((r for r in image.renditions if r["f"] == "jpeg"), webp[-1])
    srcset = ", ".join(f"{url_of(image, r)} {r['w']}w" for r in webp)
    return format_html(
        EAGER_PICTURE if eager else LAZY_PICTURE,
        f" {css_class}" if css_class else "",
        srcset,
        sizes,
        url_of(image, jpeg),
        image.width,
        image.height,
        image.alt,
    )


# Width and height hold the picture's place before it loads; lazy ones wait to be near.
LAZY_PICTURE = (
    '<picture class="picture{}"><source type="image/webp" srcset="{}" sizes="{}">'
    '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async"></picture>'
)
EAGER_PICTURE = LAZY_PICTURE.replace(' loading="lazy"', "")


@register.simple_tag
def image_url(image, width=640):
    """The WebP size closest above `width` (for a cover's background, an og:image)."""
    if image is None or image.state != ImageState.READY or not image.renditions:
        return ""
    webp = sorted((r for r in image.renditions if r["f"] == "webp"), key=lambda r: r["w"])
    chosen = next((r for r in webp if r["w"] >= width), webp[-1])
    return url_of(image, chosen)


@register.simple_tag
def avatar(user, size=40):
    """The member's face, or their initials on a colour of their own."""
    avatar = getattr(user, "avatar", None) if user is not None else None
    image = getattr(avatar, "image", None)
    name = (getattr(user, "display_name", "") or getattr(user, "handle", "") or "?").strip()
    initials = "".join(part[0] for part in name.split()[:2]).upper() or "?"
    handle = getattr(user, "handle", "") or name
    colour = hashlib.sha256(handle.encode()).digest()[0] % AVATAR_COLOURS
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
