"""Where media go under each settings module, read from the environment (a process each)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]
PROBE = (
    "import django; django.setup();"
    "from django.core.files.storage import default_storage as s; s._setup();"
    "from django.conf import settings;"
    "print(type(s._wrapped).__name__, settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
)

pytestmark = pytest.mark.process


def storage_under(module: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AGORA_S3", "DJANGO_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE=module,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="agora.example",
        **env,
    )
    result = subprocess.run(  # noqa: S603 - our own settings
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize("module", ["config.settings.prod", "config.settings.base"])
def test_the_filesystem_by_default_and_s3_when_a_bucket_is_named(module):
    assert storage_under(module).startswith("FileSystemStorage")
    on_s3 = storage_under(
        module, AGORA_S3_BUCKET="agora-media", AGORA_S3_ENDPOINT_URL="https://s3.example:9000"
    )
    assert on_s3.startswith("S3Storage")
    assert "https://s3.example:9000" in on_s3  # browsers may follow the signed links there
