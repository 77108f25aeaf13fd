"""The URLs of an image's sizes: the checked serving view, built without a template."""

from django.urls import reverse

from .models import ImageState

PROBE_KEY = "k" * 24
PROBE_FILE = "0" * 16 + "-1.webp"


def url_of(image, rendition) -> str:
    """The serving view's URL of one size, built from one reversed prefix (a feed shows
    dozens of pictures: one `reverse` each would cost more than the rest of the card)."""
    prefix = reverse("media:image", args=[PROBE_KEY, PROBE_FILE]).removesuffix(
        f"{PROBE_KEY}/{PROBE_FILE}"
    )
    return f"{prefix}{image.key}/{rendition['name'].rsplit('/', 1)[-1]}"


def sizes_of(image) -> list[dict]:
    """Every size of a ready image: its width, height, format and URL (for the API)."""
    if image is None or image.state != ImageState.READY:
        return []
    return [
        {"width": r["w"], "height": r["h"], "format": r["f"], "url": url_of(image, r)}
        for r in image.renditions
    ]
