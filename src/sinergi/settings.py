"""Django settings for Sinergi, configured from the environment (12-factor).

SINERGI_ENV=production switches on the production hardening (secure cookies, HSTS, SSL
redirect, mandatory SECRET_KEY); anything else is a development setup. DATABASE_URL chooses
the database (SQLite under ./var by default, PostgreSQL via postgres://...).
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("SINERGI_DATA_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PRODUCTION = os.environ.get("SINERGI_ENV", "development").strip().lower() == "production"
DEBUG = env_bool("SINERGI_DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when SINERGI_ENV=production.")
    SECRET_KEY = "sinergi-development-key-not-for-production-use-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The reverse proxies (addresses or networks, comma separated) whose X-Forwarded-For header is
# believed when reading the client's address (sinergi.core.clients), e.g. 127.0.0.1 for nginx on
# the same host. None by default: REMOTE_ADDR is the client and the header is ignored.
SINERGI_TRUSTED_PROXIES = env_list("SINERGI_TRUSTED_PROXIES", [])
for _proxy in SINERGI_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"SINERGI_TRUSTED_PROXIES: {_error}") from None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before WhiteNoise's: sinergi.core's runserver (never DEBUG beyond loopback) extends it.
    "sinergi.core",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "sinergi.regions",
    "sinergi.accounts",
    "sinergi.notifications",
    "sinergi.planning",
    "sinergi.monitoring",
    "sinergi.meetings",
    "sinergi.problems",
    "sinergi.extraction",
    "sinergi.cooperation",
    "sinergi.reports",
    "sinergi.documents",
    "sinergi.api",
    "sinergi.demo",
]

MIDDLEWARE = [
    "sinergi.core.errors.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sinergi.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sinergi.accounts.zones.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sinergi.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "sinergi.api.door.UnprintableTextMiddleware",
]

ROOT_URLCONF = "sinergi.urls"
WSGI_APPLICATION = "sinergi.wsgi.application"
ASGI_APPLICATION = "sinergi.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sinergi.core.context_processors.navigation",
                "sinergi.notifications.context_processors.bell",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'sinergi.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer writes; IMMEDIATE takes the write lock at the
    # start of a transaction so two writers queue instead of failing half-way. A new database
    # gets 8 KiB pages (rows with their audit snapshots are wide; fewer pages to write and
    # checkpoint); an existing one keeps its page size.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=5000; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# QR check-in limits within one meeting (sinergi.meetings.attendance.Limits): per phone (a signed
# cookie) 10 a minute and 60 an hour, per name 5 an hour, 5 refused forms in 10 minutes throttle a
# phone; per client address a ceiling of SINERGI_CHECKIN_PER_ADDRESS an hour (a venue's Wi-Fi or a
# proxy puts many participants behind one address).
SINERGI_CHECKIN_PER_ADDRESS = int(os.environ.get("SINERGI_CHECKIN_PER_ADDRESS", "300"))

# The public verification page of issued documents (/verifikasi/, sinergi.documents.views): per
# client address, lookups of a code and uploads of a copy to compare within a window of seconds
# (counted in Django's cache), and the largest copy hashed.
SINERGI_VERIFY_LOOKUPS = int(os.environ.get("SINERGI_VERIFY_LOOKUPS", "30"))
SINERGI_VERIFY_UPLOADS = int(os.environ.get("SINERGI_VERIFY_UPLOADS", "10"))
SINERGI_VERIFY_WINDOW = int(os.environ.get("SINERGI_VERIFY_WINDOW", "600"))
SINERGI_VERIFY_MAX_UPLOAD_BYTES = int(os.environ.get("SINERGI_VERIFY_MAX_UPLOAD_BYTES", str(20 << 20)))

# Electronic signatures of issued documents (sinergi.documents.signing, PAdES with pyHanko): the
# PKCS#12 file (.p12/.pfx) holding the signing key and certificate, and its passphrase. Unset:
# documents are issued unsigned (verified by their SHA-256 on the verification page).
SINERGI_SIGNING_P12 = os.environ.get("SINERGI_SIGNING_P12", "")
SINERGI_SIGNING_P12_PASSPHRASE = os.environ.get("SINERGI_SIGNING_P12_PASSPHRASE", "")

# Login throttling (django-axes): five failures for one username from one address lock that
# pair out for 15 minutes; twenty failures from one address, whatever the usernames (password
# spraying), lock the address out (sinergi.accounts.throttling holds each to its own limit).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
SINERGI_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("SINERGI_LOGIN_FAILURES_PER_ADDRESS", "20"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "sinergi.accounts.throttling.AxesHandler"
AXES_USERNAME_CALLABLE = "sinergi.accounts.throttling.username_for_axes"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "sinergi.core.clients.axes_client_address"  # SINERGI_TRUSTED_PROXIES
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
NODE_MODULES = Path(os.environ.get("SINERGI_NODE_MODULES", PROJECT_DIR / "node_modules"))
# Front-end libraries come from the npm registry (package.json) and are served from
# node_modules under a vendor prefix; nothing third-party is copied into the repository.
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",  # sinergi/app.css (the package itself is not an installed app)
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STORAGES = {
    # Uploads have no public address: they leave only through scoped views (core.files).
    "default": {"BACKEND": "sinergi.core.files.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Development serves static files straight from the finders (app dirs and node_modules);
# production serves the collected, hashed files (`sinergi collectstatic`).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
# Nothing is served at MEDIA_URL (no storage of ours has a public URL); kept for Django's checks.
MEDIA_URL = "/media/"
# How a scoped view sends a stored file once it has checked the user: by the app (default), or
# by the front server: "x-accel-redirect" (nginx, through the internal location named below,
# which aliases MEDIA_ROOT) or "x-sendfile" (Apache mod_xsendfile, lighttpd).
SINERGI_FILE_SENDING = os.environ.get("SINERGI_FILE_SENDING", "").strip().lower()
SINERGI_FILE_SENDING_LOCATION = os.environ.get("SINERGI_FILE_SENDING_LOCATION", "/protected-media/")
if SINERGI_FILE_SENDING not in ("", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured("SINERGI_FILE_SENDING must be empty, x-accel-redirect or x-sendfile.")

# Uploads: spreadsheets larger than this are refused before they are read.
SINERGI_MAX_UPLOAD_BYTES = int(os.environ.get("SINERGI_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Security headers (always) and production hardening.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_AGE = 8 * 3600

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (reminders, long renders) through django-tasks with its database backend: the
# queue lives in the same database, so any number of app servers and workers share it. Run a
# worker with `sinergi db_worker`; `sinergi queue_reminders` (cron, daily) enqueues the reminders.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("SINERGI_TASK_BACKEND", "django_tasks_db.backend.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Mail (meeting invitations, follow-up reminders). Without EMAIL_HOST the messages are written to
# var/mail/ (one file per message) so that nothing is lost on a laptop without a mail server.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60  # a reset link ("lupa kata sandi") works for one day
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sinergi@localhost")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

# Notifications (sinergi.notifications): the address of this installation for the links in email
# and WhatsApp messages (e.g. https://sinergi.kutaitimurkab.go.id), and the WhatsApp Business
# Cloud API. Without a token and a phone number id no WhatsApp message is sent by Sinergi (people
# get the wa.me link instead). The template named here must be approved in Meta's WhatsApp
# Manager, in Indonesian, with three body parameters: the title, the message and the link.
SINERGI_BASE_URL = os.environ.get("SINERGI_BASE_URL", "").rstrip("/")
SINERGI_WHATSAPP_TOKEN = os.environ.get("SINERGI_WHATSAPP_TOKEN", "")
SINERGI_WHATSAPP_PHONE_NUMBER_ID = os.environ.get("SINERGI_WHATSAPP_PHONE_NUMBER_ID", "")
SINERGI_WHATSAPP_API_URL = os.environ.get("SINERGI_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
SINERGI_WHATSAPP_TEMPLATE = os.environ.get("SINERGI_WHATSAPP_TEMPLATE", "sinergi_notifikasi")
SINERGI_WHATSAPP_TEMPLATE_LANGUAGE = os.environ.get("SINERGI_WHATSAPP_TEMPLATE_LANGUAGE", "id")
# The webhook (POST /notifications/whatsapp/webhook/): the app secret that signs the status
# reports (X-Hub-Signature-256) and the token of the subscription handshake.
SINERGI_WHATSAPP_APP_SECRET = os.environ.get("SINERGI_WHATSAPP_APP_SECRET", "")
SINERGI_WHATSAPP_VERIFY_TOKEN = os.environ.get("SINERGI_WHATSAPP_VERIFY_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
FORMS_URLFIELD_ASSUME_HTTPS = True
