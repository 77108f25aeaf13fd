"""Moving members' images from one storage to another (`agora media migrate-storage`).

An operator outgrowing one machine moves the files from the filesystem to an S3 bucket (or
back), then switches the settings. `migrate_storage` walks the `Image` rows in pk order and
copies each file an image names (`Image.stored_names()`) that the destination lacks or holds
with other bytes, reading each copy back to compare its SHA-256 with the source's. It only
ever reads the source. Running it again copies only what is still missing or wrong, so a run
stopped midway (Ctrl-C, a lost connection) is resumed by starting it again.

The storages are built here from a spec (`filesystem`, `filesystem:PATH`, `s3`), never taken
from Django's default storage: the site may still use either one while the files move.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage

from ..models import Image

FILESYSTEM = "filesystem"
S3 = "s3"
S3_BACKEND = "storages.backends.s3.S3Storage"
SPEC_SYNTAX = "filesystem, filesystem:PATH or s3"

# What happened to one file.
COPIED = "copied"
TO_COPY = "to copy"  # a dry run's "copied"
ALREADY_THERE = "already there"
MISSING = "missing at the source"
FAILED = "failed"
# Why a file is (or would be) copied.
ABSENT = "absent at the destination"
DIFFERENT = "different at the destination"

CHUNK = 1024 * 1024
IN_MEMORY = 8 * 1024 * 1024  # a larger file (an upload waiting, up to 50 MB) spills to disk


class StorageSpecError(ValueError):
    """A storage spec that names no usable storage: the message says why, for a person."""


@dataclass(frozen=True)
class StorageSpec:
    """A storage named by a spec, resolved with the settings."""

    kind: str  # FILESYSTEM or S3
    folder: Path | None = None  # filesystem: an absolute path
    bucket: str = ""  # s3
    endpoint_url: str = ""  # s3: "" for AWS itself
    options: dict = field(default_factory=dict, compare=False, repr=False)  # s3: S3Storage's

    def __str__(self) -> str:
        if self.kind == FILESYSTEM:
            return f"filesystem:{self.folder}"
        return f"s3:{self.bucket}" + (f" at {self.endpoint_url}" if self.endpoint_url else "")


def storage_spec(text: str) -> StorageSpec:
    """`filesystem` (the settings' MEDIA_ROOT: AGORA_MEDIA_ROOT, by default AGORA_DATA_DIR/media),
    `filesystem:PATH`, or `s3` (the bucket and server of the AGORA_S3_* settings)."""
    kind, colon, rest = text.strip().partition(":")
    if kind == FILESYSTEM:
        if colon and not rest:
            raise StorageSpecError(f"{text!r} names no folder: write filesystem:PATH")
        folder = Path(rest).expanduser() if colon else Path(settings.MEDIA_ROOT)
        return StorageSpec(FILESYSTEM, folder=folder.resolve())
    if kind == S3:
        if colon:
            raise StorageSpecError(
                f"{text!r}: write s3 alone; the bucket is AGORA_S3_BUCKET's, on the server of "
                "AGORA_S3_ENDPOINT_URL"
            )
        options = _s3_options()
        return StorageSpec(
            S3,
            bucket=options["bucket_name"],
            endpoint_url=options.get("endpoint_url") or "",
            options=options,
        )
    raise StorageSpecError(f"{text!r} is not a storage: use {SPEC_SYNTAX}")


def _s3_options() -> dict:
    """S3Storage's options as the settings build them from AGORA_S3_* (MEDIA_STORAGE), whichever
    storage is the default."""
    media = getattr(settings, "MEDIA_STORAGE", None) or {}
    if not getattr(settings, "AGORA_S3_BUCKET", "") or media.get("BACKEND") != S3_BACKEND:
        raise StorageSpecError(
            "s3 needs the S3 settings: set AGORA_S3_BUCKET, and AGORA_S3_ENDPOINT_URL, "
            "AGORA_S3_ACCESS_KEY, AGORA_S3_SECRET_KEY and AGORA_S3_REGION as the site will use them"
        )
    return dict(media["OPTIONS"])


def open_storage(spec: StorageSpec, *, destination: bool) -> Storage:
    """The storage a spec names, checked: a source folder must exist, a bucket must answer.
    A destination overwrites a file of the same name (one found different is copied again);
    a source is only ever read."""
    if spec.kind == FILESYSTEM:
        if spec.folder.exists() and not spec.folder.is_dir():
            raise StorageSpecError(f"{spec.folder} is not a folder")
        if not destination and not spec.folder.is_dir():
            raise StorageSpecError(f"there is no folder {spec.folder}")
        return FileSystemStorage(location=spec.folder, allow_overwrite=destination)
    from botocore.exceptions import BotoCoreError, ClientError
    from storages.backends.s3 import S3Storage

    storage = S3Storage(**{**spec.options, "file_overwrite": destination})
    try:
        storage.connection.meta.client.head_bucket(Bucket=spec.bucket)
    except (BotoCoreError, ClientError) as error:
        raise StorageSpecError(f"the bucket {spec} cannot be used: {error}") from None
    return storage


@dataclass
class MigrationCounts:
    copied: int = 0
    to_copy: int = 0  # in a dry run, what would have been copied
    already_there: int = 0
    missing: int = 0  # named by an image, not at the source
    failed: int = 0

    @property
    def files(self) -> int:
        return self.copied + self.to_copy + self.already_there + self.missing + self.failed

    @property
    def complete(self) -> bool:
        """Every file an image names is (or, in a dry run, would be) at the destination."""
        return not self.missing and not self.failed

    def add(self, outcome: str) -> None:
        counter = _COUNTERS[outcome]
        setattr(self, counter, getattr(self, counter) + 1)


_COUNTERS = {
    COPIED: "copied",
    TO_COPY: "to_copy",
    ALREADY_THERE: "already_there",
    MISSING: "missing",
    FAILED: "failed",
}


@dataclass(frozen=True)
class FileOutcome:
    image_id: int
    name: str
    outcome: str  # COPIED, TO_COPY, ALREADY_THERE, MISSING or FAILED
    detail: str = ""  # ABSENT or DIFFERENT when copied; the error when failed


Report = Callable[[FileOutcome, MigrationCounts], None]


def migrate_storage(
    source: Storage,
    destination: Storage,
    *,
    dry_run: bool = False,
    batch_size: int = 200,
    report: Report | None = None,
) -> MigrationCounts:
    """Copy every file of every image from `source` to `destination` unless it is there with
    the same bytes; `report(outcome, counts)` after each file (the counts so far). Reads the
    rows in pk order, `batch_size` at a time, so images added meanwhile are reached too.
    Nothing at the source is changed. With `dry_run`, nothing is written anywhere."""
    counts = MigrationCounts()
    last_pk = 0
    while True:
        batch = list(
            Image.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "renditions", "upload_name")[:batch_size]
        )
        if not batch:
            return counts
        for image in batch:
            for name in image.stored_names():
                try:
                    outcome, detail = _migrate_file(source, destination, name, dry_run=dry_run)
                except Exception as error:  # noqa: BLE001 - one file fails; the run goes on
                    outcome, detail = FAILED, f"{type(error).__name__}: {error}"
                counts.add(outcome)
                if report is not None:
                    report(FileOutcome(image.pk, name, outcome, detail), counts)
        last_pk = batch[-1].pk


class CopyFailed(Exception):
    pass


def _migrate_file(source, destination, name, *, dry_run) -> tuple[str, str]:
    try:
        spooled, digest, size = _spool(source, name)
    except FileNotFoundError:
        return MISSING, ""
    with spooled:
        state = _state_at(destination, name, size=size, digest=digest)
        if state is None:
            return ALREADY_THERE, ""
        if dry_run:
            return TO_COPY, state
        saved = destination.save(name, File(spooled, name=name))
        if saved != name:
            raise CopyFailed(f"the destination stored it as {saved}")
        if _sha256_at(destination, name) != digest:
            raise CopyFailed("the copy read back from the destination differs from the source")
    return COPIED, state


def _spool(storage: Storage, name: str):
    """The file's bytes in a temporary file (in memory while small), their SHA-256, their size."""
    spooled = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - returned open
    digest = hashlib.sha256()
    try:
        with storage.open(name, "rb") as stored:
            for chunk in stored.chunks(CHUNK):
                digest.update(chunk)
                spooled.write(chunk)
    except BaseException:
        spooled.close()
        raise
    size = spooled.tell()
    spooled.seek(0)
    return spooled, digest.hexdigest(), size


def _state_at(destination: Storage, name: str, *, size: int, digest: str) -> str | None:
    """ABSENT, DIFFERENT, or None when the destination holds these very bytes."""
    try:
        if destination.size(name) != size:
            return DIFFERENT
        return None if _sha256_at(destination, name) == digest else DIFFERENT
    except FileNotFoundError:
        return ABSENT


def _sha256_at(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stored:
        for chunk in stored.chunks(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
