"""The URLs of an image's sizes: the checked serving view, built without a template."""

import functools

from django.urls import get_script_prefix, reverse

from .models import ImageState

PROBE_KEY = "k" * 24
PROBE_FILE = "0" * 16 + "-1.webp"


def url_of(image, rendition) -> str:
    """The serving view's URL of one size, built from one reversed prefix (a feed shows
    dozens of pictures: one `reverse` each would cost more than the rest of the card)."""
    return f"{_prefix(get_script_prefix())}{image.key}/{rendition['name'].rsplit('/', 1)[-1]}"


@functools.cache
def _prefix(script_prefix: str) -> str:
    """`/media/` under this script prefix (the URLconf does not change while running)."""
    return reverse("media:image", args=[PROBE_KEY, PROBE_FILE]).removesuffix(
        f"{PROBE_KEY}/{PROBE_FILE}"
    )


def sizes_of(image) -> list[dict]:
    """Every size of a ready image: its width, height, format and URL (for the API)."""
    if image is None or image.state != ImageState.READY:
        return []
    return [
        {"width": r["w"], "height": r["h"], "format": r["f"], "url": url_of(image, r)}
        for r in image.renditions
    ]
