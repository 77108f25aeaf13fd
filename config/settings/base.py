"""Settings shared by every environment.

The environment is read here and only here. Every operator-facing setting
names its variable and says what it does; `README.md` lists them all.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# AGORA_DATA_DIR: where the embedded SQLite database, uploaded and collected files live.
DATA_DIR = Path(os.environ.get("AGORA_DATA_DIR", BASE_DIR / "var"))

# SECRET_KEY: signs sessions and one-time links. Production settings refuse to start without it.
SECRET_KEY = os.environ.get("SECRET_KEY", "agora-development-key-not-for-production")

# DEBUG: never on in production.
DEBUG = env_bool("DEBUG", False)

# ALLOWED_HOSTS: comma-separated host names this instance answers to.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# CSRF_TRUSTED_ORIGINS: comma-separated origins (scheme and host) behind a proxy.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# AGORA_BASE_URL: the public address used in e-mails (verification and reset links).
BASE_URL = os.environ.get("AGORA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "agora.core",
    "agora.accounts",
    "agora.communities",
    "agora.media",
    "agora.conversations",
    "agora.notify",
    "agora.moderation",
    "agora.governance",
    "agora.workbench",
    "agora.health",
    "agora.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "agora.accounts.middleware.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "agora.core.middleware.AgoraErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agora.conversations.context_processors.unread_notifications",
                "agora.notify.context_processors.refused_address",
                "agora.moderation.context_processors.moderation_badges",
            ],
        },
    },
]

# DATABASE_URL: sqlite:///path/to/file.sqlite3 (default, embedded) or
# postgres://user:password@host:5432/name when the community grows.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'agora.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work together; IMMEDIATE makes writers
    # queue on the busy timeout instead of failing with "database is locked". Connections
    # persist between requests (DATABASE_CONN_MAX_AGE) as on PostgreSQL: opening one and its
    # pragmas at every request cost a live check half its time (bench/live.py: p50 8.3 ms
    # with a connection per request, 4.3 ms kept).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# One-time links (verification, reset) die after this many seconds.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# REDIS_URL: when set, Redis holds the cache (and so shared rate limits) and the task queue.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": ["default"],
        }
    }
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
else:
    # Embedded mode: rate limits are counted per process (see README).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Media (members' images): the filesystem under AGORA_DATA_DIR/media by default; an
# S3-compatible object store when AGORA_S3_BUCKET is set (several web and task nodes share
# it). The bucket stays private: every image is served through a permission check, and S3
# answers with a link signed for AGORA_S3_URL_SECONDS.
MEDIA_ROOT = Path(os.environ.get("AGORA_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"  # never served as files: agora.media's view checks who asks
AGORA_S3_BUCKET = os.environ.get("AGORA_S3_BUCKET", "")
if AGORA_S3_BUCKET:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AGORA_S3_BUCKET,
            # Empty for AWS itself; the address of any other S3-compatible server.
            "endpoint_url": os.environ.get("AGORA_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("AGORA_S3_ACCESS_KEY", ""),
            "secret_key": os.environ.get("AGORA_S3_SECRET_KEY", ""),
            "region_name": os.environ.get("AGORA_S3_REGION") or None,
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,  # links are signed ...
            "querystring_expire": int(os.environ.get("AGORA_S3_URL_SECONDS", "300")),  # ... briefly
            "file_overwrite": False,
            "addressing_style": os.environ.get("AGORA_S3_ADDRESSING", "path"),
            "signature_version": "s3v4",
        },
    }
else:
    MEDIA_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
# Where browsers fetch images from besides this site (the object store's signed links).
MEDIA_ORIGINS = env_list("AGORA_S3_PUBLIC_ORIGIN")
if AGORA_S3_BUCKET and not MEDIA_ORIGINS and os.environ.get("AGORA_S3_ENDPOINT_URL"):
    _endpoint = urlsplit(os.environ["AGORA_S3_ENDPOINT_URL"])
    MEDIA_ORIGINS = [f"{_endpoint.scheme}://{_endpoint.netloc}"]
elif AGORA_S3_BUCKET and not MEDIA_ORIGINS:
    MEDIA_ORIGINS = ["https://*.amazonaws.com"]
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the source folders when collectstatic has not run (demo, tests).
WHITENOISE_USE_FINDERS = True

# E-mail: the console by default; SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Agora <agora@localhost>")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif os.environ.get("EMAIL_FILE_PATH"):
    # EMAIL_FILE_PATH: write each e-mail as a file there (used by the end-to-end tests).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Content-Security-Policy: no inline script, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Limits an operator may tune: "count/seconds" per key.
AGORA_RATE_LIMITS = {
    "signup": "5/3600",  # sign-ups per IP address per hour
    "password_reset": "5/3600",  # reset requests per IP address, and per e-mail, per hour
    "verification_resend": "3/3600",  # verification e-mails per account per hour
    "login_failure": "5/900",  # failed logins per account, and per IP, before a 15-minute lockout
    "avatar": "20/3600",  # avatars a member may upload per hour (each replaces the last)
    "invitation": "60/900",  # invitation links opened per IP address per 15 minutes
    "inbound": "600/60",  # posts to the inbound e-mail endpoint per IP address per minute
}
# Comments may nest this deep (a reply to a reply to a comment is depth 3).
AGORA_COMMENT_MAX_DEPTH = 4
# An e-mail a member wants "immediately" waits this long first: what they read in Agora
# meanwhile is not sent.
AGORA_EMAIL_WAIT_SECONDS = int(os.environ.get("AGORA_EMAIL_WAIT_SECONDS", "300"))
# Replies by e-mail (`agora mail receive`, the inbound endpoint): the domain whose
# reply+…@ addresses the MTA delivers to Agora; empty turns them off (no Reply-To).
AGORA_REPLY_DOMAIN = os.environ.get("AGORA_REPLY_DOMAIN", "")
# A reply address answers for this many days after its e-mail was sent.
AGORA_REPLY_DAYS = int(os.environ.get("AGORA_REPLY_DAYS", "60"))
# The shared secret that signs posts to the inbound endpoint; empty turns the endpoint off.
AGORA_INBOUND_SECRET = os.environ.get("AGORA_INBOUND_SECRET", "")
AGORA_PAGE_SIZE = 20
# How often the worker recomputes the health dashboards (seconds; the brief says at most 15 min).
AGORA_HEALTH_REFRESH_SECONDS = int(os.environ.get("AGORA_HEALTH_REFRESH_SECONDS", "900"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
