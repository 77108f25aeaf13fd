"""media_store: Django's default storage really moves to a folder or a bucket of the test's own
(SeaweedFS's S3 when AGORA_TEST_S3_URL is set), links to S3 are signed and die, and nothing
is left behind."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages

from agora.testing.storage import KINDS, S3Server, media_store_for

BASE_DIR = Path(__file__).resolve().parents[3]
PHOTO = b"\x89PNG\r\n\x1a\n not really a photo " + bytes(range(256))


def fetch(url: str) -> tuple[int, bytes]:
    """GET `url` as a browser would follow the link: the status and the body."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_saved_file_is_listed_and_read_back(media_store):
    assert media_store.keys() == []  # a fresh folder or bucket
    name = default_storage.save("uploads/photo.png", ContentFile(PHOTO))
    assert media_store.keys() == [name]
    assert media_store.read(name) == PHOTO
    with default_storage.open(name, "rb") as stored:
        assert stored.read() == PHOTO
    # A second file of the same name is kept beside the first (file_overwrite=False).
    other = default_storage.save("uploads/photo.png", ContentFile(b"other"))
    assert other != name
    assert media_store.keys() == sorted([name, other])
    default_storage.delete(name)
    assert media_store.keys() == [other]


def test_the_default_storage_is_the_test_s_own(media_store):
    default_storage.save("a.txt", ContentFile(b"a"))
    backend = storages["default"]
    assert default_storage._wrapped is backend
    if media_store.kind == "filesystem":
        assert type(backend).__name__ == "FileSystemStorage"
        assert Path(backend.location) == media_store.root
    else:
        assert type(backend).__name__ == "S3Storage"
        assert backend.bucket_name == media_store.bucket
        assert media_store.bucket.startswith("agora-test-test-the-default-storage")
    assert media_store.keys() == ["a.txt"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_storage_switches_back_and_the_bucket_is_gone_afterwards(kind, settings, tmp_path):
    before = storages["default"]
    with media_store_for(kind, settings=settings, folder=tmp_path / "media", label="gone") as store:
        inside = storages["default"]
        assert inside is not before
        name = default_storage.save("uploads/x.txt", ContentFile(b"x"))
        assert store.keys() == [name]
        if kind == "s3":
            assert store.server.bucket_exists(store.bucket)
    # Django's storages are the earlier ones again (built anew from the earlier settings).
    after = storages["default"]
    assert after is not inside
    assert type(after) is type(before)
    assert after.deconstruct() == before.deconstruct()
    assert not default_storage.exists("uploads/x.txt")
    if kind == "s3":
        assert not store.server.bucket_exists(store.bucket)  # emptied, then deleted
    else:
        assert store.root.is_dir()  # pytest's tmp_path keeps it for a look after a failure


@pytest.mark.parametrize("media_store", ["s3"], indirect=True)
def test_s3_links_are_signed_and_brief(media_store):
    name = default_storage.save("uploads/photo.png", ContentFile(PHOTO))
    url = default_storage.url(name)
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query
    assert fetch(url) == (200, PHOTO)
    # The same object without the signature: the bucket is private.
    status, _body = fetch(url.split("?")[0])
    assert status == 403, "the S3 server serves unsigned requests: it checks no credentials"
    # A link for one second, followed after it died.
    brief = default_storage.url(name, expire=1)
    assert parse_qs(urlsplit(brief).query)["X-Amz-Expires"] == ["1"]
    time.sleep(2.5)
    status, body = fetch(brief)
    assert status == 403
    assert b"expired" in body.lower()
    assert fetch(url) == (200, PHOTO)  # the five-minute link still works


@pytest.mark.process
def test_a_process_given_env_uses_the_same_storage(media_store):
    name = default_storage.save("uploads/photo.png", ContentFile(PHOTO))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGORA_S3_")}
    env.pop("AGORA_MEDIA_ROOT", None)
    env.update(media_store.env(), DJANGO_SETTINGS_MODULE="config.settings.test")
    probe = (
        "import json, sys, django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import default_storage\n"
        "print(json.dumps(settings.STORAGES['default'], default=str))\n"
        "print(default_storage.open(sys.argv[1], 'rb').read().hex())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, name],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    storage, data = result.stdout.splitlines()[-2:]
    assert json.loads(storage) == json.loads(json.dumps(media_store.storage(), default=str))
    assert bytes.fromhex(data) == PHOTO


def test_an_s3_server_named_in_the_url_signs_with_its_credentials():
    server = S3Server.from_url("http://KEY%2F1:se%40cret@127.0.0.1:8333")
    assert server == S3Server("http://127.0.0.1:8333", "KEY/1", "se@cret")
    anonymous = S3Server.from_url("http://127.0.0.1:8333")
    assert anonymous.endpoint_url == "http://127.0.0.1:8333"
    assert anonymous.access_key and anonymous.secret_key  # a placeholder: boto3 must sign


INNER_TEST = """
import os, tempfile
from pathlib import Path
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

def test_save():
    folder = Path(tempfile.gettempdir()) / f"agora-test-media-{os.getpid()}"
    assert Path(settings.MEDIA_ROOT) == folder
    default_storage.save("x.txt", ContentFile(b"x"))
    assert (folder / "x.txt").exists()
    print("folder:", folder)
"""


@pytest.mark.process
def test_the_test_run_s_media_folder_is_deleted_when_the_session_ends(tmp_path):
    (tmp_path / "test_inner.py").write_text(INNER_TEST)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("AGORA_MEDIA_ROOT", "AGORA_S3_BUCKET") and not k.startswith("PYTEST_")
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "agora.testing.storage",
            "-s",
            "-q",
            f"--rootdir={tmp_path}",
            "-c",
            str(BASE_DIR / "pyproject.toml"),
            str(tmp_path / "test_inner.py"),
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("folder:")]
    folder = Path(line.split(maxsplit=1)[1])
    assert folder.name.startswith("agora-test-media-")
    assert not folder.exists()
