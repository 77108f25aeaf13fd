"""Serving an image's sizes: every request is checked, since private stays private."""

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponseRedirect
from django.views.decorators.http import require_GET

from agora.core.errors import NotFound

from . import access, selectors

CONTENT_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}
# Content-hashed names never change: a public image may be kept a year by anyone; a
# members-only one only by this person's browser, and not for long.
PUBLIC_CACHE = "public, max-age=31536000, immutable"
MEMBERS_CACHE = "private, max-age=3600"


@require_GET
def image(request, key, filename):
    found = selectors.image_by_key(key)
    if found is None:
        raise NotFound()
    decision = access.decide(request.user, found)
    if decision is None:
        raise NotFound()
    rendition = next(
        (r for r in found.renditions if r["name"].rsplit("/", 1)[-1] == filename), None
    )
    if rendition is None:
        raise NotFound()
    name = rendition["name"]
    if _is_local():
        response = FileResponse(
            default_storage.open(name, "rb"),
            content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]],
        )
        response["Cache-Control"] = PUBLIC_CACHE if decision == access.PUBLIC else MEMBERS_CACHE
    else:
        # The object store answers itself, through a link signed for a few minutes.
        response = HttpResponseRedirect(default_storage.url(name))
        response["Cache-Control"] = "private, max-age=60"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _is_local() -> bool:
    try:
        default_storage.path("x")
    except NotImplementedError:
        return False
    return True
