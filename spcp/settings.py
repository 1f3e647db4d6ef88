"""Settings for the SPCP engagement manager.

One complete module driven by environment variables, with safe local defaults: SQLite in the
project folder and ``DEBUG`` off unless asked for. Production sets at least ``SECRET_KEY``,
``ALLOWED_HOSTS`` and ``DATABASE_URL`` (see README.md).
"""

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list of stripped, non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "testserver"}

# Local runs (only local hosts allowed) may use a throwaway key; a server reachable under any
# other name must be given a real one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not set(ALLOWED_HOSTS) <= LOCAL_HOSTS:
        raise ImproperlyConfigured("Set SECRET_KEY when ALLOWED_HOSTS names a public host.")
    SECRET_KEY = "django-insecure-local-development-key"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "csp",
    "offices",
    "engagements",
    "facilitator_portal",
    "council_portal",
    "axes",  # sign-in lockout (see "Signing in" below)
    "django_tasks",  # background tasks (see "Background tasks" below)
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files keep their own headers.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Inside LocaleMiddleware: Farsi pages get Persian digits while the language is active.
    "spcp.middleware.NativeDigitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "spcp.middleware.NoStoreMiddleware",
    # After the user is known and inside NoStore: an unprefixed page opens in the reader's
    # language (saved, cookie, or Accept-Language on a first visit).
    "spcp.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes turns a refused sign-in into the lockout page; it stays last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "spcp.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "spcp.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite allows one writer at a time. Starting every transaction as a writer (IMMEDIATE)
    # makes concurrent writes queue for the lock (up to ``timeout`` seconds) instead of
    # failing with "database is locked" when a reader tries to become a writer; the row locks
    # the services take on PostgreSQL (``select_for_update``) are no-ops here.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # Tests that run threads need a database file that every connection shares (the default
    # test database is in memory).
    if os.environ.get("SQLITE_TEST_NAME"):
        DATABASES["default"]["TEST"] = {"NAME": os.environ["SQLITE_TEST_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "offices.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so that a locked-out sign-in is refused before any password check.
    "offices.backends.SignInLockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "engagements:engagement_list"
LOGOUT_REDIRECT_URL = "login"

# Signing in. Lockout (django-axes): after SIGN_IN_FAILURE_LIMIT wrong passwords for one
# username from one IP address, that pair is refused for SIGN_IN_LOCKOUT_MINUTES after the
# last attempt (another try during the lockout starts the wait again; 0 locks until an
# administrator unlocks it in the admin's "Access attempts" or with `manage.py
# axes_reset_username`). Keying on username and address together means a stranger typing a
# colleague's name elsewhere cannot lock the colleague out. A correct sign-in clears the
# count, and so does setting a new password through the reset email.
AXES_ENABLED = env_bool("SIGN_IN_LOCKOUT", True)
AXES_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGN_IN_LOCKOUT_MINUTES", "30"))) or None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "offices.views.locked_out"
# The client's address is REMOTE_ADDR; behind N reverse proxies that each append to
# X-Forwarded-For, set SIGN_IN_PROXY_COUNT=N and the address N entries from the right is used.
SIGN_IN_PROXY_COUNT = int(os.environ.get("SIGN_IN_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "offices.backends.client_ip_address"
AXES_USERNAME_CALLABLE = "offices.backends.client_username"

# Sessions end after a working day without a request (SESSION_IDLE_SECONDS, 9 hours): every
# request saves the session, so the age counts from the last one. With
# SESSION_EXPIRE_AT_BROWSER_CLOSE (on unless set to 0) the cookie also has no expiry date and
# goes when the browser closes; the server still forgets the session after the idle time.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(9 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
# Password reset links are good for one hour (Django's default is three days).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", "3600"))

# Languages: English plus the five languages of CRS's SPCP brochures. Farsi is right to left.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("vi", _("Vietnamese")),
    ("fa", _("Farsi")),
    ("zh-hant", _("Traditional Chinese")),
    ("ko", _("Korean")),
    ("hi", _("Hindi")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our corrections to Django's date and time formats (Hindi, Vietnamese, Korean).
FORMAT_MODULE_PATH = ["spcp.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded and generated files (the action plans' PDFs rendered ahead, engagements/pdf.py).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# Background tasks (Django's task framework, the django-tasks backport): TASKS_BACKEND
# "immediate" (default: run inline, locally and in tests) or "database" (production: queued in
# the database and run by `python manage.py db_worker`).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "immediate")]}}

# WhiteNoise warns that staticfiles/ is missing until collectstatic has run; locally that is
# expected.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
# Serve straight from static/ when collectstatic has not run (local use, tests).
WHITENOISE_USE_FINDERS = not (STATIC_ROOT / "staticfiles.json").exists() and not (
    STATIC_ROOT.exists()
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console locally; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "spcp@localhost")

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# HTTPS, on by default wherever the site answers to a public name. As soon as ALLOWED_HOSTS
# names any host besides the local ones (the same rule that demands a real SECRET_KEY; "*"
# counts as public), and whatever DEBUG says: http is redirected to https, the session and CSRF
# cookies travel over HTTPS only, and HSTS tells browsers to use nothing else for a year,
# subdomains included, preload asked. Local runs (`make run` on 127.0.0.1, the tests'
# testserver and live server on localhost) stay on plain http. Each setting can still be
# overridden by the environment variable of the same name.
#
# When TLS ends at a proxy in front of gunicorn, the deployment says so, in one of two ways:
# - SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto: the proxy sets that header to "https" (and drops
#   any a client sent), so Django knows the request came over HTTPS; everything above stays on.
# - TLS_TERMINATED_ELSEWHERE=1: the proxy redirects to https itself and sends no such header.
#   Only Django's own redirect is turned off (it would loop); cookies stay HTTPS-only. Django
#   then never sees a secure request, so the proxy must send Strict-Transport-Security itself.
HTTPS_BY_DEFAULT = not set(ALLOWED_HOSTS) <= LOCAL_HOSTS
TLS_TERMINATED_ELSEWHERE = env_bool("TLS_TERMINATED_ELSEWHERE", False)
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + os.environ["SECURE_PROXY_SSL_HEADER"].strip().upper().replace("-", "_"),
        "https",
    )
SECURE_SSL_REDIRECT = env_bool(
    "SECURE_SSL_REDIRECT", HTTPS_BY_DEFAULT and not TLS_TERMINATED_ELSEWHERE
)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS_BY_DEFAULT)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS_BY_DEFAULT)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if HTTPS_BY_DEFAULT else 0)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS_BY_DEFAULT)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS_BY_DEFAULT)
if TLS_TERMINATED_ELSEWHERE:
    # "Set SECURE_SSL_REDIRECT or let a proxy redirect": the deployment said the proxy does.
    SILENCED_SYSTEM_CHECKS = ["security.W008"]

# Content-Security-Policy (django-csp): this origin only, and no inline script or style, not
# even a style="" attribute; every script and style is a file in static/. "data:" images are
# the blank favicon in base.html and the SVG icons inside Bootstrap's CSS (select arrows, the
# menu button). The action-plan PDF's <style> is read by WeasyPrint, never by a browser.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
# Permissions-Policy (django-permissions-policy): the app uses none of the browser's powerful
# features, so every one listed is refused to the page and to anything it might embed (only
# names Chromium knows: it logs an error for any other).
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
