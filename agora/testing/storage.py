"""Media storage for tests, on both backends production may use: a folder of the test's own
(the filesystem) or a bucket of the test's own on a real S3 server.

`media_store` runs a test once on each ("filesystem", "s3"). The S3 server is named by
`AGORA_TEST_S3_URL` (`http://ACCESS:SECRET@127.0.0.1:PORT`; `scripts/test` sets it, starting a
throwaway SeaweedFS when none answers). Without the variable the S3 half skips, so that a bare
`pytest` works on a laptop; with the variable set and no S3 answering it fails, so that a
broken set-up never passes for a green run (as the RQ tests do with AGORA_TEST_REDIS_URL).

Registered as a pytest plugin by the repository's conftest.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

S3_URL_VARIABLE = "AGORA_TEST_S3_URL"
KINDS = ("filesystem", "s3")
# Any region does for SeaweedFS and MinIO; the signature only has to name one.
S3_REGION = "us-east-1"
# What config/settings/base.py uses when AGORA_S3_URL_SECONDS and AGORA_S3_ADDRESSING are
# unset; env() names them anyway, so that a caller's own environment cannot differ.
S3_URL_SECONDS = 300
S3_ADDRESSING = "path"
# Signs the requests to a server named without credentials (one that checks none).
PLACEHOLDER_KEY = "agora"

_answered: set[str] = set()  # the URLs that answered once in this process


@dataclass(frozen=True)
class S3Server:
    """An S3 server the tests may create buckets on, and how to sign requests to it."""

    endpoint_url: str
    access_key: str
    secret_key: str

    @classmethod
    def from_url(cls, url: str) -> S3Server:
        """`http://ACCESS:SECRET@HOST:PORT`; without credentials, requests are signed with a
        placeholder key (a server that checks none accepts them)."""
        parts = urlsplit(url)
        return cls(
            endpoint_url=f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}",
            access_key=unquote(parts.username or "") or PLACEHOLDER_KEY,
            secret_key=unquote(parts.password or "") or PLACEHOLDER_KEY,
        )

    @classmethod
    def for_test(cls) -> S3Server:
        """Skip when AGORA_TEST_S3_URL is unset; fail when it is set and S3 does not answer."""
        url = os.environ.get(S3_URL_VARIABLE, "")
        if not url:
            pytest.skip(
                f"{S3_URL_VARIABLE} is not set: the S3 media tests need an S3 server they may "
                "create buckets on (`make test` starts one)"
            )
        server = cls.from_url(url)
        if url not in _answered:
            problem = server.problem()
            if problem:
                pytest.fail(
                    f"{S3_URL_VARIABLE} points at {server.endpoint_url}, but S3 does not answer "
                    f"there ({problem}). Start it, unset the variable to skip the S3 tests, or "
                    "run `make test`, which starts a throwaway SeaweedFS.",
                    pytrace=False,
                )
            _answered.add(url)
        return server

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=S3_REGION,
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": S3_ADDRESSING},
                connect_timeout=2,
                read_timeout=10,
                retries={"max_attempts": 2},
            ),
        )

    def problem(self) -> str:
        """'' when the server lists its buckets for these credentials, else why not."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client().list_buckets()
        except (BotoCoreError, ClientError) as error:
            return str(error)
        return ""

    def bucket_exists(self, bucket: str) -> bool:
        return any(b["Name"] == bucket for b in self.client().list_buckets().get("Buckets", []))


def bucket_name(label: str) -> str:
    """A bucket name nobody else uses, that says which test made it: `agora-test-<test>-<hex>`
    (S3 allows 3 to 63 lower-case letters, digits and hyphens)."""
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:30].strip("-")
    return "-".join(part for part in ("agora-test", slug, uuid.uuid4().hex[:12]) if part)


@dataclass
class MediaStore:
    """Where Django's default storage keeps files during one test, and what is there, read
    straight from the folder or the bucket (not through Django)."""

    kind: str
    root: Path | None = None  # filesystem
    server: S3Server | None = None  # s3
    bucket: str = ""  # s3

    def storage(self) -> dict:
        """The STORAGES["default"] entry, as config/settings/base.py builds it from env()."""
        if self.kind == "filesystem":
            return {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": self.root, "base_url": "/media/"},
            }
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "endpoint_url": self.server.endpoint_url,
                "access_key": self.server.access_key,
                "secret_key": self.server.secret_key,
                "region_name": S3_REGION,
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": S3_URL_SECONDS,
                "file_overwrite": False,
                "addressing_style": S3_ADDRESSING,
                "signature_version": "s3v4",
            },
        }

    def env(self) -> dict[str, str]:
        """The environment variables a process started by the test (a task worker) needs to
        use this same storage: add them to its environment."""
        if self.kind == "filesystem":
            # AGORA_S3_BUCKET empty: a bucket named in the caller's environment must not win.
            return {"AGORA_MEDIA_ROOT": str(self.root), "AGORA_S3_BUCKET": ""}
        return {
            "AGORA_S3_BUCKET": self.bucket,
            "AGORA_S3_ENDPOINT_URL": self.server.endpoint_url,
            "AGORA_S3_ACCESS_KEY": self.server.access_key,
            "AGORA_S3_SECRET_KEY": self.server.secret_key,
            "AGORA_S3_REGION": S3_REGION,
            "AGORA_S3_URL_SECONDS": str(S3_URL_SECONDS),
            "AGORA_S3_ADDRESSING": S3_ADDRESSING,
        }

    def keys(self) -> list[str]:
        """Every stored file's name (its key in the bucket), sorted: `[]` when nothing was
        stored."""
        if self.kind == "filesystem":
            return sorted(
                path.relative_to(self.root).as_posix()
                for path in self.root.rglob("*")
                if path.is_file()
            )
        client = self.server.client()
        names = []
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            names += [item["Key"] for item in page.get("Contents", [])]
        return sorted(names)

    def read(self, name: str) -> bytes:
        """The stored bytes of `name`."""
        if self.kind == "filesystem":
            return (self.root / name).read_bytes()
        return self.server.client().get_object(Bucket=self.bucket, Key=name)["Body"].read()

    def _create(self) -> None:
        if self.kind == "filesystem":
            self.root.mkdir(parents=True)
        else:
            self.server.client().create_bucket(Bucket=self.bucket)

    def _discard(self) -> None:
        """The bucket emptied and deleted (the folder stays, under pytest's tmp_path)."""
        if self.kind != "s3":
            return
        client = self.server.client()
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            objects = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if objects:
                client.delete_objects(Bucket=self.bucket, Delete={"Objects": objects})
        client.delete_bucket(Bucket=self.bucket)


@contextlib.contextmanager
def media_store_for(kind: str, *, settings, folder: Path, label: str = "test"):
    """Django's default storage in a fresh place for the block: `folder` (which must not
    exist yet) on the filesystem, or a new bucket on the S3 server of AGORA_TEST_S3_URL; the
    bucket is emptied and deleted afterwards. `settings` is pytest-django's fixture: changing
    STORAGES through it makes Django drop its storages, so `default_storage` and
    `storages["default"]` follow, into the block and back out of it."""
    if kind == "filesystem":
        store = MediaStore(kind, root=folder)
    elif kind == "s3":
        store = MediaStore(kind, server=S3Server.for_test(), bucket=bucket_name(label))
    else:
        raise ValueError(f"media stores are {KINDS}, not {kind!r}")
    store._create()
    before = {
        name: getattr(settings, name) for name in ("STORAGES", "MEDIA_ROOT", "AGORA_S3_BUCKET")
    }
    try:
        # The settings env() would give a worker, too, for code that reads them.
        settings.MEDIA_ROOT = store.root or before["MEDIA_ROOT"]
        settings.AGORA_S3_BUCKET = store.bucket
        settings.STORAGES = {**before["STORAGES"], "default": store.storage()}
        yield store
    finally:
        for name, value in before.items():
            setattr(settings, name, value)
        store._discard()


@pytest.fixture(params=KINDS, ids=KINDS)
def media_store(request, settings, tmp_path):
    """Django's default storage, for this test, in a folder of its own ("filesystem") or a
    bucket of its own on a real S3 server ("s3"; skips without AGORA_TEST_S3_URL, fails when
    it is set and S3 does not answer). A `MediaStore`: `kind`, `env()`, `keys()`, `read()`."""
    with media_store_for(
        request.param, settings=settings, folder=tmp_path / "media", label=request.node.name
    ) as store:
        yield store


@pytest.fixture(scope="session", autouse=True)
def _test_media_folder_removed():
    """config/settings/test.py keeps media in a folder of the process's own
    (`agora-test-media-<pid>` in the temporary folder): deleted when the session ends."""
    yield
    folder = Path(tempfile.gettempdir()) / f"agora-test-media-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def media_served(media_store) -> int:
    """The status of an image answered to someone who may see it: the file itself (200) on
    the filesystem, a redirect to a briefly signed link (302) on S3."""
    return 200 if media_store.kind == "filesystem" else 302
