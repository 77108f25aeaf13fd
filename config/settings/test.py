"""Test settings: fast hashing is *not* used, so argon2 is what the tests exercise."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, MEDIA_STORAGE, REDIS_URL

SECRET_KEY = "agora-test-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Media in a folder of the test run's own unless a test (or its worker) names another.
if not os.environ.get("AGORA_MEDIA_ROOT") and not os.environ.get("AGORA_S3_BUCKET"):
    MEDIA_ROOT = Path(tempfile.gettempdir()) / f"agora-test-media-{os.getpid()}"
    MEDIA_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": "/media/"},
    }
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if os.environ.get("EMAIL_FILE_PATH"):
    # A worker process started by a test writes its e-mails where the test can read them.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
if os.environ.get("AGORA_TEST_SMTP_PORT"):
    # A worker process started by a test that runs a real SMTP server (`smtp_server`).
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = int(os.environ["AGORA_TEST_SMTP_PORT"])
    EMAIL_USE_TLS = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks run in-process during ordinary tests; the worker tests start a real worker instead.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if os.environ.get("AGORA_TEST_TASKS") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif os.environ.get("AGORA_TEST_TASKS") == "rq" and REDIS_URL:
    # A worker process started by a test with REDIS_URL: the RQ queue, as in production.
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so a worker process started by a test sees the same data; named
    # by the process, so runs side by side keep apart. AGORA_TEST_DB_NAME names it for good
    # instead, for `make test-fast`, which keeps it between runs (pytest --reuse-db).
    name = os.environ.get("AGORA_TEST_DB_NAME") or f"agora-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), name)}

# Still argon2, with a small memory cost so hundreds of test accounts hash quickly.
PASSWORD_HASHERS = ["agora.testing.hashers.LightArgon2PasswordHasher"]
STATIC_ROOT = None  # served by the finders; nothing is collected in tests
# WhiteNoise finds a static file when it is asked for, instead of listing every file each
# time a middleware chain is built: each test client builds one (5 ms each, 1,000s of times).
WHITENOISE_AUTOREFRESH = True
