"""Settings for Pearl River Belt Tracker, read from the environment.

DATABASE_URL   sqlite:///path or postgres://user@host:port/db (default: db.sqlite3 here)
SECRET_KEY     required unless DEBUG is on
DEBUG          "1"/"true" turns on development mode (default: off)
ALLOWED_HOSTS  comma-separated host names
NUM_PROXIES    reverse proxies in front of the app (default 0); see "Deployment" below
PERIOD_EXPIRY_DAYS  days after a period's due date before it locks (default 60; 0 = never)
The HTTPS, cookie and HSTS switches are listed in README.md ("Deployment settings").
EMAIL_*, DEFAULT_FROM_EMAIL, SITE_URL, REMINDER_*  mail and reminders (see the README)
CACHE_URL      locmem:// (default), redis://host:6379/0 (also taken from REDIS_URL) or dummy://
DASHBOARD_CACHE_SECONDS  how long a cached dashboard page may stay unused (default 86400)
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default, minimum=None):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return number


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int_list(name, default):
    try:
        return [int(item) for item in env_list(name, default)]
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be comma-separated whole numbers, got {os.environ.get(name)!r}"
        ) from None


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=1 for local development)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")


def database_config():
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as exc:  # dj_database_url raises several kinds
        raise ImproperlyConfigured(f"DATABASE_URL is malformed ({exc}): {url!r}") from exc
    if config.get("ENGINE") not in {
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",
    }:
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a sqlite:// or postgres:// URL, got {url!r}"
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # Wait for a writer instead of failing at once when two requests save together.
        config["OPTIONS"] = {"timeout": 20}
    return config


DATABASES = {"default": database_config()}


def cache_config():
    """Dashboard pages are cached under a data version kept in the database
    (dashboards/pagecache.py), so several app servers may each keep their own local memory
    cache; one Redis shared by all of them saves each server rendering every page once."""
    url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or "locmem://"
    scheme = url.split("://", 1)[0].lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        # Pages of 20-60 KB: at most about 30 MB a worker process.
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL must be locmem://, redis://host:port/db or dummy://, got {url!r}"
    )


CACHES = {"default": cache_config()}
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 86400, minimum=1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    # Before tracker: the roles it builds after migrate need the audit permission.
    "audit",
    "backups",
    "parks",
    "tracker",
    "dashboards",
    "spreadsheets",
    "notices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells password changes made by someone else (an administrator) from the user's own.
    "accounts.middleware.PasswordSetterMiddleware",
    # Sets request.user.is_verified() from the session's second-factor device.
    "django_otp.middleware.OTPMiddleware",
    "audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # In this order: an expired session ends first; then a half-logged-in user is sent to the
    # second step; only a fully logged-in user is sent on to change an expired password.
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.middleware.PasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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
                "tracker.context_processors.demo_data",
                "notices.context_processors.unread_notices",
            ],
        },
    },
]

# Passwords (等保 level 3): length, character classes, no reuse, periodic change.
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CLASSES = env_int("PASSWORD_MIN_CLASSES", 3)  # of upper, lower, digit, symbol
PASSWORD_HISTORY = env_int("PASSWORD_HISTORY", 5)  # the last N passwords may not be reused
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)  # 0: passwords never expire

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "accounts.validators.CharacterClassValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES},
    },
    # Also records every password change (its hash and date), which expiry relies on.
    {
        "NAME": "accounts.validators.PasswordHistoryValidator",
        "OPTIONS": {"remember": PASSWORD_HISTORY},
    },
]

# Sessions: idle and absolute limits, enforced on the server (accounts.middleware).
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12)
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 120)  # warn before idle logout
SINGLE_SESSION = env_bool("SINGLE_SESSION", True)  # a new login ends the user's older session
# The session record itself never outlives the absolute limit.
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600

# Second factor (TOTP, recovery codes). Off in development so the demo accounts log in at once.
REQUIRE_2FA = env_bool("REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Pearl River Belt Tracker"
# Administrators may delete a lost device, but never read a secret or a recovery code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.js from the installed plotly package, at static/vendor/plotly.min.js.
    "dashboards.staticfiles.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# -- Deployment -----------------------------------------------------------------------
# Reverse proxies in front of the app (nginx = 1). Only then is X-Forwarded-For used for the
# client's address (accounts.network.client_address) and X-Forwarded-Proto believed: with
# none, anyone reaching gunicorn could claim to be on HTTPS or at any address.
NUM_PROXIES = env_int("NUM_PROXIES", 0)
if NUM_PROXIES < 0:
    raise ImproperlyConfigured(f"NUM_PROXIES must be 0 or more, got {NUM_PROXIES}")
if NUM_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# X-Forwarded-Host stays untrusted: the proxy passes the browser's Host header unchanged
# (deploy/nginx-tracker.conf), and ALLOWED_HOSTS checks it.

# Login throttling: lock a username + client address pair after repeated failures, so that
# strangers cannot lock a user out everywhere, nor everyone behind the proxy's address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# HTTPS. On by default in production; each can be switched off where the proxy already
# redirects to HTTPS or an intranet runs on plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# HSTS binds browsers to HTTPS for this long; subdomains and the browsers' preload list
# reach beyond this app (other hosts of the bureau's domain), so only when asked for.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# `check --deploy` warns about each of the above when it is off. A switch turned off on
# purpose is the deployer's decision, so exactly that warning is silenced, and only then.
SILENCED_SYSTEM_CHECKS = [
    check_id
    for check_id, is_on in [
        ("security.W008", SECURE_SSL_REDIRECT),
        ("security.W012", SESSION_COOKIE_SECURE),
        ("security.W016", CSRF_COOKIE_SECURE),
        ("security.W004", SECURE_HSTS_SECONDS),
        ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
        ("security.W021", SECURE_HSTS_PRELOAD),
    ]
    if not is_on
]

# Headers sent with every response (Django's defaults, spelled out so that they stay).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Permissions-Policy (django-permissions-policy): no page uses a device or a payment, so
# none may be used, by this origin or any frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# Content-Security-Policy (django-csp 4): only this origin, and no inline script at all.
# style-src allows inline styles because plotly.js injects <style> rules and style
# attributes when it draws; scripts never get 'unsafe-inline'. img-src allows blob: because
# plotly's "download as PNG" draws the chart into an image loaded from a blob: URL.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Spreadsheet import: largest accepted upload.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
# What an accepted upload may unpack to (an .xlsx is a zip), and hold per sheet: the bounds
# of a worker's time and memory on any file (bench/abuse_bench.py).
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(50 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "20000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "200"))
# Unconfirmed previews kept per user (each holds its file), the newest ones.
IMPORT_PREVIEWS_PER_USER = int(os.environ.get("IMPORT_PREVIEWS_PER_USER", "5"))
# Uploads wait for confirmation in the database, not on one server's disk.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "spreadsheets.storage.DatabaseStorage"

# Progress status thresholds (dashboards/evaluation.py): the actual value as a share of the value
# expected on the path from baseline to target on the evaluation date.
#   ratio >= ON_TRACK            -> on track
#   AT_RISK <= ratio < ON_TRACK  -> at risk
#   ratio < AT_RISK              -> off track
PROGRESS_ON_TRACK_RATIO = float(os.environ.get("PROGRESS_ON_TRACK_RATIO", "0.95"))
PROGRESS_AT_RISK_RATIO = float(os.environ.get("PROGRESS_AT_RISK_RATIO", "0.80"))

# Reporting periods lock this many days after their due date, as DHIS2's "expiry days":
# districts can no longer change that quarter's reports unless a reviewer reopens one.
# 0 means periods never lock by themselves (only the reviewer's manual lock applies).
PERIOD_EXPIRY_DAYS = env_int("PERIOD_EXPIRY_DAYS", 60, minimum=0)

SITE_TITLE = _("Pearl River Belt Tracker")

# Mail (reminders). Development prints mails on the console unless a server is named.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
# A mail server that stops answering must not hang the daily reminder run.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend"
)
# Mails link back to the app; a cron job has no request to take the host name from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# Reminders (manage.py send_reminders): remind districts this many days before the due date,
# tell reviewers about reports waiting longer than REVIEW_AFTER days, escalate reports
# overdue longer than ESCALATE_AFTER days, and repeat a standing reminder every REPEAT days.
REMINDER_DAYS_BEFORE_DUE = env_int_list("REMINDER_DAYS_BEFORE_DUE", "7,1")
REMINDER_REVIEW_AFTER_DAYS = env_int("REMINDER_REVIEW_AFTER_DAYS", 3)
REMINDER_ESCALATE_AFTER_DAYS = env_int("REMINDER_ESCALATE_AFTER_DAYS", 7)
REMINDER_REPEAT_DAYS = env_int("REMINDER_REPEAT_DAYS", 7)

# Role groups only a superuser may hand out in the user admin (the auditor and the security
# administrator, audit.roles and tracker.roles; a test keeps the names in step).
PRIVILEGED_ROLE_GROUPS = ["auditor", "security_admin"]

# Audit trail: entries are kept at least this many days (`manage.py purge_audit` deletes
# older ones). Six months is the legal minimum (Cybersecurity Law Art. 21); the database
# refuses to delete younger entries whatever this says.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 180)
if AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured(
        f"AUDIT_RETENTION_DAYS is {AUDIT_RETENTION_DAYS}; audit entries must be kept at "
        "least 180 days (six months)."
    )

# Where `manage.py backup` writes its archives unless given --output.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR") or BASE_DIR / "var" / "backups")
