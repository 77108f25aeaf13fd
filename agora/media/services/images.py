"""Receiving, preparing, describing and removing images.

`receive_image` runs in the request: it judges the upload (`pipeline.inspect`), stores it as
received under `uploads/` and writes a pending `Image`; small pictures are prepared at once,
others by the worker (`schedule_processing`), so a 12-megapixel photo never holds a web
process. `process_image` (the worker, or the sweep behind it) writes the sizes and deletes
the upload. Whatever refuses an upload stores nothing: no row, no file, in either storage.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agora.core import clock, ratelimit
from agora.core.errors import InvalidInput, NotAllowed, TooManyRequests

from .. import pipeline, selectors
from ..errors import TooLarge, UnsupportedImage
from ..models import MAX_ALT_LENGTH, Image, ImageState, Purpose

log = logging.getLogger(__name__)

# Prepared in the request up to this many pixels (about 0.1 s); larger ones by the worker.
INLINE_PIXELS = 1_500_000
# A pending image older than this is prepared by the sweep (a lost task, a stopped worker).
SWEEP_AFTER = timedelta(minutes=2)


def limits_for(community) -> pipeline.Limits:
    """The community's limits (the safe defaults for an avatar, which has no community)."""
    if community is None:
        return pipeline.Limits(max_bytes=10 * 1024 * 1024, max_pixels=40_000_000)
    rules = selectors.settings_of(community)
    return pipeline.Limits(
        max_bytes=rules.max_megabytes * 1024 * 1024, max_pixels=rules.max_megapixels * 1_000_000
    )


def refusal_message(refused: pipeline.Refused) -> tuple[str, type]:
    """The sentence a person reads for a refused upload, and the error that carries it."""
    params = refused.params
    if refused.code == "empty":
        return _("This file is empty."), InvalidInput
    if refused.code == "too_many_bytes":
        return (
            _("This file is %(size)s MB; the limit here is %(limit)s MB.")
            % {"size": _mb(params["size"]), "limit": _mb(params["limit"])},
            TooLarge,
        )
    if refused.code == "too_many_pixels":
        return (
            _("This picture has too many pixels; the limit here is %(limit)s megapixels.")
            % {"limit": params["limit"] // 1_000_000},
            TooLarge,
        )
    if refused.code == "odd_shape":
        return (
            _("A picture of %(width)s × %(height)s pixels is too long or too thin to show.")
            % params,
            InvalidInput,
        )
    if refused.code == "damaged":
        return _("This picture is damaged or incomplete: it cannot be read."), InvalidInput
    if refused.code == "hidden_content":
        return _("This file hides another file inside the picture; it is refused."), InvalidInput
    return (
        _("This file is not a picture we accept: choose a JPEG, PNG, WebP, GIF or AVIF photo."),
        UnsupportedImage,
    )


def too_large(size: int, limit: int) -> TooLarge:
    """The refusal of a file larger than `limit` bytes, before it is even read."""
    message, error = refusal_message(pipeline.Refused("too_many_bytes", size=size, limit=limit))
    return error(message, errors={"file": [message]})


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def check_upload_rate(*, uploader, community) -> None:
    """At most the community's `images_per_hour` uploads per member per hour; for avatars
    (which replace one another, so leave no rows to count), the `avatar` rate limit."""
    if community is None:
        ratelimit.check_and_hit(
            "avatar",
            f"user:{uploader.pk}",
            message=_("You have changed your photo many times this hour; please wait a little."),
        )
        return
    allowed = selectors.settings_of(community).images_per_hour
    since = clock.now() - timedelta(hours=1)
    if selectors.uploads_since(uploader=uploader, community=community, since=since) >= allowed:
        raise TooManyRequests(
            ngettext(
                "You may add %(count)d image per hour here; please wait a little.",
                "You may add %(count)d images per hour here; please wait a little.",
                allowed,
            )
            % {"count": allowed}
        )


def receive_image(*, uploader, community, purpose: str, data: bytes, alt: str = "") -> Image:
    """Judge and keep an upload; a refused one leaves no row and no file anywhere."""
    if purpose not in Purpose.values:
        raise InvalidInput(_("Unknown image use."))
    if (community is None) != (purpose == Purpose.AVATAR):
        raise InvalidInput(_("Unknown image use."))
    alt = _clean_alt(alt)
    check_upload_rate(uploader=uploader, community=community)
    try:
        probe = pipeline.inspect(data, limits_for(community))
    except pipeline.Refused as refused:
        message, error = refusal_message(refused)
        raise error(message, errors={"file": [message]}) from None
    key = secrets.token_urlsafe(18)  # 24 characters, 144 random bits
    upload_name = default_storage.save(f"uploads/{key}", ContentFile(data))
    try:
        with transaction.atomic():
            image = Image.objects.create(
                key=key,
                purpose=purpose,
                uploader=uploader,
                community=community,
                alt=alt,
                width=probe.shown_width,
                height=probe.shown_height,
                byte_size=len(data),
                sha256=probe.sha256,
                phash=probe.phash,
                upload_name=upload_name,
                created_at=clock.now(),
            )
    except BaseException:
        default_storage.delete(upload_name)
        raise
    if probe.pixels <= INLINE_PIXELS:
        process_image(image_id=image.pk, data=data)
        image.refresh_from_db()
    else:
        schedule_processing(image)
    return image


def schedule_processing(image: Image) -> None:
    """Prepare the image in the worker, after commit.

    The deadline idiom: the task calls `process_image` back, so its import waits for the
    call; the sweep (`sweep_pending`) prepares what a lost task left pending.
    """
    from ..tasks import process_image as task

    transaction.on_commit(lambda: task.enqueue(image_id=image.pk))


def process_image(*, image_id: int, data: bytes | None = None) -> str:
    """Write an image's sizes and delete its upload; once, whoever calls (idempotent)."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None or image.state != ImageState.PENDING:
        return "skipped"
    if data is None:
        try:
            with default_storage.open(image.upload_name, "rb") as upload:
                data = upload.read()
        except (FileNotFoundError, OSError):
            log.exception("image %s: its upload %s cannot be read", image.pk, image.upload_name)
            _fail(image, "the upload could not be read")
            return "failed"
    try:
        processed = pipeline.process(data)
    except Exception:  # a file inspect accepted and the encoder still refused: fail it alone
        log.exception("image %s could not be prepared", image.pk)
        _fail(image, "the picture could not be prepared")
        return "failed"
    renditions = [_store(image.key, rendition) for rendition in processed.renditions]
    with transaction.atomic():
        done = Image.objects.filter(pk=image.pk, state=ImageState.PENDING).update(
            state=ImageState.READY,
            width=processed.width,
            height=processed.height,
            phash=processed.phash,
            renditions=renditions,
            upload_name="",
            ready_at=clock.now(),
        )
    if not done:  # withheld or prepared by another worker meanwhile: keep only theirs
        _delete_files([r["name"] for r in renditions if r["name"] not in _names_of(image.pk)])
        return "skipped"
    _delete_files([image.upload_name])
    return "ready"


def _names_of(image_id: int) -> set[str]:
    image = Image.objects.filter(pk=image_id).first()
    return set(image.stored_names()) if image else set()


def _store(key: str, rendition: pipeline.Rendition) -> dict:
    name = rendition_name(key, rendition.digest, rendition.width, rendition.format)
    if not default_storage.exists(name):  # the same bytes under the same name: written once
        saved = default_storage.save(name, ContentFile(rendition.data))
        if saved != name:  # a storage that renamed it would break the URL: never keep that
            default_storage.delete(saved)
            raise RuntimeError(f"storage renamed {name} to {saved}")
    return {"w": rendition.width, "h": rendition.height, "f": rendition.format, "name": name}


def rendition_name(key: str, digest: str, width: int, fmt: str) -> str:
    return f"img/{key[:2]}/{key}/{file_name(digest, width, fmt)}"


def file_name(digest: str, width: int, fmt: str) -> str:
    return f"{digest}-{width}.{'jpg' if fmt == 'jpeg' else fmt}"


def _fail(image: Image, reason: str) -> None:
    Image.objects.filter(pk=image.pk, state=ImageState.PENDING).update(
        state=ImageState.FAILED, failure=reason, upload_name=""
    )
    _delete_files([image.upload_name])


def sweep_pending() -> dict[str, int]:
    """Prepare the images a lost task left pending (registered with `core.periodic`)."""
    due = selectors.pending_before(clock.now() - SWEEP_AFTER)
    outcomes: dict[str, int] = {}
    for image_id in due:
        outcome = process_image(image_id=image_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@transaction.atomic
def describe_image(*, image: Image, by, alt: str) -> Image:
    """Set an image's description (its uploader only)."""
    if image.uploader_id != by.pk:
        raise NotAllowed(_("Only who added this image may describe it."))
    image.alt = _clean_alt(alt)
    image.save(update_fields=["alt"])
    return image


def _clean_alt(alt: str) -> str:
    alt = " ".join((alt or "").split())
    if len(alt) > MAX_ALT_LENGTH:
        message = _("A description has at most %(limit)d characters.") % {"limit": MAX_ALT_LENGTH}
        raise InvalidInput(message, errors={"alt": [message]})
    return alt


def withhold_images(images) -> int:
    """Take images out of every page: their files deleted (after commit), their rows kept
    withheld for what cites them (a case, a remembered hash). Call inside the removal's
    transaction."""
    images = list(images)
    names = [name for image in images for name in image.stored_names()]
    count = Image.objects.filter(pk__in=[i.pk for i in images]).update(
        state=ImageState.WITHHELD, renditions=[], upload_name=""
    )
    transaction.on_commit(lambda: _delete_files(names))
    return count


def repurpose_images(images, purpose: str) -> None:
    """What the images are for now (a post's upload kept by a planned status): it decides
    who sees them and which sweep may forget them."""
    if purpose not in Purpose.values or purpose == Purpose.AVATAR:
        raise ValueError(f"cannot repurpose images as {purpose!r}")
    Image.objects.filter(pk__in=[image.pk for image in images]).exclude(purpose=purpose).update(
        purpose=purpose
    )


@transaction.atomic
def erase_member_images(user) -> dict[str, int]:
    """What erasing an account does to images, called by the erasure before it deletes the
    user: their face is deleted; every other picture they uploaded is withheld (files gone,
    every size included; the row kept, with no description and no uploader, for the cases
    and remembered hashes that cite it); a community's logo or cover stays the community's,
    no longer linked to them."""
    mine = Image.objects.filter(uploader=user)
    mine.filter(purpose__in=[Purpose.LOGO, Purpose.COVER]).update(uploader=None)
    faces = list(mine.filter(purpose=Purpose.AVATAR))
    delete_images(faces)
    withheld = withhold_images(mine.exclude(state=ImageState.WITHHELD))
    mine.update(alt="", uploader=None)
    return {"deleted": len(faces), "withheld": withheld}


def delete_images(images) -> int:
    """Delete images, rows and files (after commit): unpublished uploads, a changed face."""
    images = list(images)
    names = [name for image in images for name in image.stored_names()]
    count, _details = Image.objects.filter(pk__in=[i.pk for i in images]).delete()
    transaction.on_commit(lambda: _delete_files(names))
    return count


def _delete_files(names) -> None:
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except OSError:
            log.exception("could not delete %s from the media storage", name)
