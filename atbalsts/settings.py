"""Settings for Atbalsts, read from the environment.

Production differs from the demo only by environment variables. ATBALSTS_MODE selects
the mode: ``demo`` (default; a fresh clone runs with nothing else), ``test`` or
``production`` (every secret must be supplied and nothing is generated).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from atbalsts.env import (
    ConfigurationError,
    database_from_url,
    ensure_local_secret,
    ensure_private_dir,
    ensure_private_file,
    env_bool,
    env_int,
    env_list,
    env_str,
    read_secret_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ATBALSTS_VAR_DIR", str(BASE_DIR / "var")))

MODE = env_str("ATBALSTS_MODE", "demo")
if MODE not in {"demo", "test", "production"}:
    raise ConfigurationError(f"ATBALSTS_MODE must be demo, test or production, got {MODE!r}.")
IS_PRODUCTION = MODE == "production"

if IS_PRODUCTION:
    SECRET_KEY = (
        read_secret_file(Path(env_str("SECRET_KEY_FILE")))
        if env_str("SECRET_KEY_FILE", "") != ""
        else env_str("SECRET_KEY")
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    DATABASE_URL = env_str("DATABASE_URL")
    DATA_KEY_FILE = Path(env_str("ATBALSTS_DATA_KEY_FILE"))
    if not DATA_KEY_FILE.is_file():
        raise ConfigurationError(f"ATBALSTS_DATA_KEY_FILE {DATA_KEY_FILE} does not exist.")
    # The audit anchors' HMAC key lives outside the database (docs/security.md LG-2); a missing
    # file is reported by the deploy checks and refused by anchor_audit.
    _anchor_key = env_str("ATBALSTS_AUDIT_ANCHOR_KEY_FILE", "")
    AUDIT_ANCHOR_KEY_FILE: Path | None = Path(_anchor_key) if _anchor_key else None
    # The audit chain's HMAC key (docs/security.md LG-2), apart from the data and anchor keys; a
    # missing file is reported by the deploy checks and events are then written unsealed.
    _chain_key = env_str("ATBALSTS_AUDIT_CHAIN_KEY_FILE", "")
    AUDIT_CHAIN_KEY_FILE: Path | None = Path(_chain_key) if _chain_key else None
    # The backup key (docs/security.md RE-4), apart from the data keys; backup refuses without it.
    _backup_key = env_str("ATBALSTS_BACKUP_KEY_FILE", "")
    BACKUP_KEY_FILE: Path | None = Path(_backup_key) if _backup_key else None
else:
    SECRET_KEY = ensure_local_secret(VAR_DIR / "secrets" / "django_secret_key")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
    DATABASE_URL = env_str("DATABASE_URL", "sqlite:///var/atbalsts.sqlite3")
    DATA_KEY_FILE = Path(
        env_str("ATBALSTS_DATA_KEY_FILE", str(VAR_DIR / "secrets" / "data_keys.json"))
    )
    AUDIT_ANCHOR_KEY_FILE = VAR_DIR / "secrets" / "audit_anchor_key"
    ensure_local_secret(AUDIT_ANCHOR_KEY_FILE)
    AUDIT_CHAIN_KEY_FILE = VAR_DIR / "secrets" / "audit_chain_key"
    ensure_local_secret(AUDIT_CHAIN_KEY_FILE)
    BACKUP_KEY_FILE = Path(
        env_str("ATBALSTS_BACKUP_KEY_FILE", str(VAR_DIR / "secrets" / "backup_key"))
    )
    ensure_local_secret(BACKUP_KEY_FILE)

# The first position of the audit chain that must carry a seal: 1 for a trail started with
# the chain key; for a trail older than the key, the first event written with it (LG-2).
AUDIT_CHAIN_KEYED_FROM = env_int("ATBALSTS_AUDIT_CHAIN_KEYED_FROM", 1)

# Where anchor_audit appends the signed chain heads: outside the database.
AUDIT_ANCHOR_FILE = Path(
    env_str("ATBALSTS_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.jsonl"))
)

# Export files (docs/security.md EX-2..EX-4): written outside any web root, kept at most 24 hours;
# an export of more rows than EXPORT_BULK_THRESHOLD waits for a second person's approval.
# Tests run the export inside the request; the product runs it in a thread after the commit.
EXPORTS_DIR = Path(env_str("ATBALSTS_EXPORTS_DIR", str(VAR_DIR / "exports")))
EXPORT_BULK_THRESHOLD = env_int("ATBALSTS_EXPORT_BULK_THRESHOLD", 1000)
EXPORTS_RUN_IN_BACKGROUND = env_bool("ATBALSTS_EXPORTS_RUN_IN_BACKGROUND", MODE != "test")

# Documents attached to cases, encrypted, outside STATIC_ROOT and any web root (FU-1).
ATTACHMENTS_DIR = Path(env_str("ATBALSTS_ATTACHMENTS_DIR", str(VAR_DIR / "attachments")))

SECRET_KEY_FALLBACKS: list[str] = []
DEBUG = env_bool("DEBUG", False)
if IS_PRODUCTION and DEBUG:
    raise ConfigurationError("DEBUG must be off in production.")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_otp",
    "axes",
    "atbalsts.core",
    "atbalsts.accounts",
    "atbalsts.audit",
    "atbalsts.administration",
    "atbalsts.api",
    "atbalsts.workcalendar",
    "atbalsts.people",
    "atbalsts.cases",
    "atbalsts.consent",
    "atbalsts.courses",
    "atbalsts.identification",
    "atbalsts.agency",
    "atbalsts.notifications",
    "atbalsts.casework",
    "atbalsts.dashboard",
    "atbalsts.directory",
    "atbalsts.screening",
    "atbalsts.exports",
    "atbalsts.documents",
    "atbalsts.statistics",
    "atbalsts.attachments",
    "atbalsts.backup",
    "atbalsts.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "atbalsts.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "atbalsts.accounts.middleware.SessionLimitMiddleware",
    "atbalsts.accounts.middleware.FormDraftMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "atbalsts.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "atbalsts.core.middleware.NoStoreMiddleware",
    # Last, so that every failed login that reached a view is counted.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "atbalsts.urls"
WSGI_APPLICATION = "atbalsts.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                # After auth: hides the account from templates until the second factor.
                "atbalsts.accounts.context_processors.account",
                "django.contrib.messages.context_processors.messages",
                "atbalsts.core.context_processors.shell",
                "atbalsts.notifications.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(DATABASE_URL, base_dir=BASE_DIR)}
if not IS_PRODUCTION:
    # The demo's var/ holds the database, the keys and the logins: its owner's alone. The
    # SQLite file is made 0600 before SQLite first opens it; its -wal and -shm follow it.
    ensure_private_dir(VAR_DIR)
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        _sqlite = Path(str(DATABASES["default"]["NAME"]))
        # Its directory too when it is var/ or is made here; never someone else's folder.
        if _sqlite.parent.resolve() == VAR_DIR.resolve() or not _sqlite.parent.exists():
            ensure_private_dir(_sqlite.parent)
        ensure_private_file(_sqlite)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "atbalsts.accounts.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if MODE == "test":
    PASSWORD_HASHERS.insert(0, "atbalsts.accounts.hashers.TestArgon2PasswordHasher")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "atbalsts.accounts.validators.ContextWordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions (docs/security.md SE-1, SE-4): idle timeout 15 minutes, absolute limit 12 hours.
SESSION_IDLE_TIMEOUT = timedelta(minutes=15)
SESSION_ABSOLUTE_LIMIT = timedelta(hours=12)
# The stored session outlives the idle timeout so that SessionLimitMiddleware, which enforces
# both limits, still sees an idle session: it ends it, audits it and tells the user why.
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIMIT.total_seconds())
# The last request is written to the session at most twice a minute
# (atbalsts.accounts.sessions.session_touch), and the session only when it changed.
SESSION_TOUCH_INTERVAL = timedelta(seconds=30)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_USE_SESSIONS = True
CSRF_COOKIE_HTTPONLY = True

# Cookies named __Host- must be Secure, and plain-HTTP demo on 127.0.0.1 cannot send those.
SECURE_COOKIES = env_bool("ATBALSTS_SECURE_COOKIES", IS_PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_NAME = "__Host-sessionid" if SECURE_COOKIES else "atbalsts_session"
LANGUAGE_COOKIE_NAME = "__Host-language" if SECURE_COOKIES else "atbalsts_language"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("ATBALSTS_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 300

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "report-uri": "/csp-report/",
    }
}

# Lockout (docs/security.md AU-4): 5 failures per (username, IP), 15-minute cool-off, never a
# permanent or username-only lock that a trafficker could use to lock caseworkers out.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = False
# The cool-off runs from the lockout: attempts during it are refused, not counted, so the
# 15 minutes the lockout page promises hold.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Axes keeps a keyed hash of the typed username (it is sometimes the password) and masks codes.
AXES_USERNAME_CALLABLE = "atbalsts.accounts.lockout.lockout_username"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
AXES_LOCKOUT_CALLABLE = "atbalsts.accounts.views.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# The number of reverse proxies in front of the application that append to X-Forwarded-For;
# the lockout and the audit trail read the client's address through them (core/middleware.py).
PROXY_COUNT = env_int("ATBALSTS_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "atbalsts.core.middleware.client_ip"

# Second factor (docs/security.md AU-1, AU-5).
OTP_TOTP_ISSUER = "Atbalsts"
OTP_TOTP_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "lv"
LANGUAGES = [("lv", _("Latvian")), ("en", _("English"))]
# Client-facing documents are also issued in Russian and Ukrainian.
DOCUMENT_LANGUAGES = [
    ("lv", "Latviešu"),
    ("en", "English"),
    ("ru", "Русский"),
    ("uk", "Українська"),
]
TIME_ZONE = "Europe/Riga"
# European dates in English too (Django's "en" is American): atbalsts/core/formats/.
FORMAT_MODULE_PATH = ["atbalsts.core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    if IS_PRODUCTION
    else {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
WHITENOISE_AUTOREFRESH = not IS_PRODUCTION

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if env_str("REDIS_URL", "") == ""
    else {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "atbalsts.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "atbalsts": {
            "handlers": ["console"],
            "level": env_str("LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# The case list's covering indexes include columns that only PostgreSQL, the production
# database, keeps; SQLite builds the same indexes without them (atbalsts/cases/models.py).
SILENCED_SYSTEM_CHECKS = ["models.W040"]
