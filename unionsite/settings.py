"""Settings for unionsite, driven by environment variables.

Development defaults need nothing set: SQLite in the project folder and a throw-away secret key
(which `manage.py check --deploy` flags). Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS and DATABASE_URL; see README.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# The development key is published here: it signs sessions, password-reset links and CSRF tokens,
# so whoever reads this file could forge them on a site that serves with it. Only DEBUG may use it.
DEVELOPMENT_SECRET_KEY = "django-insecure-unionsite-development-key-not-for-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip() or DEVELOPMENT_SECRET_KEY
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set: production (DJANGO_DEBUG off) will not start with the "
        "development key published in unionsite/settings.py. Set DJANGO_SECRET_KEY to a long "
        'random value, e.g. the output of: python -c "import secrets; '
        "print(secrets.token_urlsafe(50))\" (or set DJANGO_DEBUG=1 on a developer's machine)."
    )
# Rotating the key: put the new one in DJANGO_SECRET_KEY and the old one in
# DJANGO_SECRET_KEY_FALLBACKS (comma-separated) for as long as old sessions and password-reset
# links should keep working, then drop it.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "groups",
    "meetings",
    "competitions",
    "welfare",
    "oversight",
    "roster",
    "dues",
    "downloads",
    "notifications",
    "pages",
    "demo",
]

MIDDLEWARE = [
    "unionsite.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "unionsite.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After a write, that browser's reports read the primary for a while (groups/replica.py).
    "groups.replica.RememberWritesMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "unionsite.urls"

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
                "groups.context_processors.scope",
                "notifications.context_processors.badge",
            ],
        },
    },
]

WSGI_APPLICATION = "unionsite.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The page queries are small; PostgreSQL's JIT compiler costs more than it saves on them.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# A PostgreSQL streaming replica for reports and exports (groups/replica.py), when there is one.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # The tests' own replica is the test database itself (tests/security/test_replica.py uses a
    # real one).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["groups.replica.ReplicaRouter"]

# Django's cache: local memory in each server process by default (nothing to run; correct for all
# that is kept in it: groups/kept.py, competitions/scoring.py), or a Redis shared by every server
# when DJANGO_CACHE_URL names one (redis://127.0.0.1:6379/0), so that one process's computation
# serves the others.
if os.environ.get("DJANGO_CACHE_URL", "").startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["DJANGO_CACHE_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "unionsite"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # A city-wide round's standings are kept as about 50 pages: room for many rounds.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Background jobs (django-tasks, the backport of Django 6's tasks API): the spreadsheets of long
# lists (``downloads``). Production queues them in the database and runs ``manage.py db_worker``
# beside the web servers; with DJANGO_DEBUG=1 (``make run``) they run at once, in the request,
# so that the demo needs nothing but itself. UNIONSITE_TASKS_BACKEND chooses either way.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "UNIONSITE_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Sign-in hardening (see accounts/) ---
# django-axes counts failed sign-ins (the site's form and the admin's: both authenticate through
# these backends) and locks a username for a cool-off after AXES_FAILURE_LIMIT failures from one
# address. The lock is on the pair username + address: an attacker cannot lock a leader out from
# elsewhere, and a whole factory signing in behind one NAT address is not locked by one typist.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_SIGNIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lockout page in the site's look and language, HTTP 429 (Too Many Requests).
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# The client's address: X-Forwarded-For is believed only behind our own proxy (DJANGO_BEHIND_PROXY),
# and only the entries our DJANGO_PROXY_COUNT proxies appended (a client can send any others).
AXES_CLIENT_IP_CALLABLE = "accounts.ip.client_ip"
UNIONSITE_BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
UNIONSITE_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "1"))

# A signed-in session ends after a working day without a request (idle, not absolute: every
# request pushes the end back), rather than Django's two weeks. The end is written at most every
# five minutes (accounts.middleware.IdleSessionMiddleware), not on every request.
SESSION_COOKIE_AGE = int(float(os.environ.get("DJANGO_SESSION_IDLE_HOURS", "9")) * 3600)
UNIONSITE_SESSION_PUSH_SECONDS = 300

# Second factor (django-otp, TOTP): required of superusers and federation accounts in production;
# off with DJANGO_DEBUG=1, so that the demo accounts of `make run` sign in with the password.
UNIONSITE_OTP_REQUIRED = env_bool("UNIONSITE_OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("DJANGO_OTP_ISSUER", "unionsite")

# Mail (password reset): printed on the console while developing, SMTP in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", os.environ.get("DJANGO_EMAIL_USER", ""))
EMAIL_HOST_PASSWORD = os.environ.get(
    "DJANGO_EMAIL_HOST_PASSWORD", os.environ.get("DJANGO_EMAIL_PASSWORD", "")
)
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "unionsite <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PASSWORD_RESET_TIMEOUT = 3 * 3600
# Reminders and notices (notifications/): the address that e-mails link to, the hours of the
# day (local time) e-mails may leave for a factory without its own window, and how many e-mails
# a person gets in seven days at most.
UNIONSITE_BASE_URL = os.environ.get("UNIONSITE_BASE_URL", "http://127.0.0.1:8000")
NOTIFICATIONS_WINDOW = (
    int(os.environ.get("UNIONSITE_MAIL_FROM_HOUR", "8")),
    int(os.environ.get("UNIONSITE_MAIL_UNTIL_HOUR", "20")),
)
NOTIFICATIONS_WEEKLY_CAP = int(os.environ.get("UNIONSITE_MAIL_WEEKLY_CAP", "10"))
# Text messages go through this class (notifications/sms.py): the console backend logs them; a
# union plugs in its provider's (README, "Reminders and mail").
UNIONSITE_SMS_BACKEND = os.environ.get("UNIONSITE_SMS_BACKEND", "notifications.sms.ConsoleBackend")
# --- end of sign-in hardening ---

# The users read Chinese: Simplified is the default, Traditional (the seed's script) and English
# (the source language) are a click away.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Content-Security-Policy and other headers ---
# Scripts only from our own static files: no inline <script> or on*= handler runs (the pages'
# behaviour is in static/js/site.js and charts.js, their data in json_script blocks, which the
# browser does not execute). Styles allow 'unsafe-inline': a few templates carry computed style=
# attributes (a progress bar's width, a chart's height), the admin's report page a <style> block,
# and a style cannot run code; Chart.js sets its styles through the DOM, which CSP does not limit.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        # Bootstrap's icons are data: SVGs, and so is the two-factor page's QR code.
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features the site never uses, refused to every page and anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# --- end of headers ---
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind a TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto.
    if env_bool("DJANGO_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
