"""Production settings: secure cookies, HSTS, hashed static files, a real SECRET_KEY."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MEDIA_STORAGE, env_bool

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random string of at least 50 characters, for example the output "
        "of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
DEBUG = False

# AGORA_HTTPS=false only when a proxy that talks plain HTTP to Agora already redirects.
SECURE_SSL_REDIRECT = env_bool("AGORA_HTTPS", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# SECURE_HSTS_PRELOAD=false if the domain must never be submitted to browsers' preload list.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": MEDIA_STORAGE,  # the filesystem, or S3 when AGORA_S3_BUCKET is set (base.py)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
