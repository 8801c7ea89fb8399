"""Rogatory settings: one module, read from the environment.

SQLite (WAL) is the embedded default; DATABASE_URL=postgres://... switches to PostgreSQL.
REDIS_URL, when set, backs the cache, sessions (cached_db), login rate limits and API throttles.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parents[1]
DATA_DIR = Path(os.environ.get("ROGATORY_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _local_secret_key() -> str:
    """A random key kept in the data directory, for single-machine use without SECRET_KEY."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG")
# Django's technical error pages (the URL list on a 404) with DEBUG: developers only.
ROGATORY_DEBUG_PAGES = env_bool("ROGATORY_DEBUG_PAGES")
# Days within which an urgent incoming request is due (UNTOC art. 18(24) sets no number):
# cases/deadlines.py, docs/cases.md.
ROGATORY_URGENT_DUE_DAYS = int(os.environ.get("ROGATORY_URGENT_DUE_DAYS", "30"))
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Local apps, in dependency order. URLs, API routes, permissions, demo and reference
# data of each are discovered from the app's own modules (see rogatory.core.discovery).
LOCAL_APPS = [
    "rogatory.core",
    "rogatory.states",
    "rogatory.legalbasis",
    "rogatory.directory",
    "rogatory.accounts",
    "rogatory.library",
    "rogatory.writer",
    "rogatory.cases",
    "rogatory.assets",
    "rogatory.assessment",
    "rogatory.exchange",
]

INSTALLED_APPS = [
    # django.contrib.admin whose login sends to allauth's and whose pages need the second
    # factor in the session (rogatory.accounts.admin_site).
    "rogatory.accounts.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules",
    "simple_history",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    *LOCAL_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "rogatory.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "rogatory.core.middleware.RefuseNulInQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "rogatory.accounts.middleware.RequireMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "rogatory.core.outage.DatabaseUnavailableMiddleware",
    "rogatory.core.middleware.NotFoundPageMiddleware",
]

ROOT_URLCONF = "rogatory.urls"
WSGI_APPLICATION = "rogatory.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The accounts app comes after allauth in INSTALLED_APPS; listed here, its templates
        # (the site's layout for allauth's pages, the sign-in page) win over allauth's.
        "DIRS": [PACKAGE_DIR / "accounts" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rogatory.core.context_processors.site",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"].endswith("postgresql"):
            # A database that does not answer (restarting, unreachable) fails the request
            # within seconds instead of hanging it; `?connect_timeout=N` in the URL overrides.
            config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "rogatory.sqlite3",
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
    }


DATABASES = {"default": _database()}

# Background work through Django's task API (django-tasks): the database backend on the
# default database, so nothing else is needed to run. `rogatory exchange worker` serves the
# exchange queue (docs/exchange.md, docs/deploy.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                     "QUEUES": ["default", "exchange"]}}
# Exchange between nodes: the size of an envelope a node takes, how long a sent message is
# tried before NonDelivery, and how long a worker holds an outbox row it is delivering.
EXCHANGE_MAX_ENVELOPE_BYTES = int(os.environ.get("ROGATORY_EXCHANGE_MAX_BYTES",
                                                 100 * 1024 * 1024))
EXCHANGE_EXPIRY_HOURS = float(os.environ.get("ROGATORY_EXCHANGE_EXPIRY_HOURS", 72))
EXCHANGE_LEASE_SECONDS = int(os.environ.get("ROGATORY_EXCHANGE_LEASE_SECONDS", 120))
EXCHANGE_TIMEOUT_SECONDS = float(os.environ.get("ROGATORY_EXCHANGE_TIMEOUT_SECONDS", 30))
# Deliveries one `rogatory exchange worker` makes at once (threads: each mostly waits for the
# other node); docs/deploy.md, "Exchange workers".
EXCHANGE_WORKER_THREADS = int(os.environ.get("ROGATORY_EXCHANGE_WORKER_THREADS", 4))
# This node's keys, and the trust list it imported with the secretariat's public keys.
EXCHANGE_NODE_DIR = Path(os.environ.get("ROGATORY_NODE_DIR", DATA_DIR / "node"))
EXCHANGE_TRUST_LIST = Path(os.environ.get("ROGATORY_TRUST_LIST", DATA_DIR / "trust-list.jws"))
EXCHANGE_TRUST_ANCHORS = Path(os.environ.get("ROGATORY_TRUST_ANCHORS",
                                             DATA_DIR / "trust-anchors.json"))
# The first retry waits this long; each next one twice as long, at most an hour.
EXCHANGE_BACKOFF_SECONDS = float(os.environ.get("ROGATORY_EXCHANGE_BACKOFF_SECONDS", 30))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
    # Sessions read from Redis, written through to the database: every application server
    # sees the same session, and a Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# django-allauth: e-mail login, password reset by e-mail, rate-limited login, TOTP.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "rogatory.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "5/m/ip,3/5m/key",  # a rate, not a password  # nosec B105
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Rogatory"
# Every sign-in asks for the second factor: no "trust this browser" cookie that skips it.
MFA_TRUST_ENABLED = False
# A TOTP code that was right but already used says so (allauth says "Incorrect code.").
MFA_FORMS = {"authenticate": "rogatory.accounts.mfa_forms.AuthenticateForm",
             "reauthenticate": "rogatory.accounts.mfa_forms.ReauthenticateForm"}
# Roles whose members must have TOTP before they may use the platform.
MFA_REQUIRED_ROLES = {"secretariat", "focal_point"}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "rogatory@localhost")
if os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

# Six UN languages. Arabic is right to left (Django marks it bidi).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
# Django merges every catalogue into one, the first installed app winning: Django's admin,
# allauth and DRF would override our wording of the same msgid ("Summary" shown as the admin's
# «Краткая статистика»). LOCALE_PATHS come last and win, so the project's own catalogues are
# listed here too; msgids that mean two things within the project take a pgettext context.
LOCALE_PATHS = [PACKAGE_DIR / "locale",
                *(PACKAGE_DIR / app.rsplit(".", 1)[1] / "locale" for app in LOCAL_APPS)]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
WHITENOISE_USE_FINDERS = True  # serve app static files even before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production runs `collectstatic` with STATIC_MANIFEST=1: hashed, compressed, cached forever.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if env_bool("STATIC_MANIFEST")
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded documents live outside any public path and are served only through views
# that check permissions.
MEDIA_ROOT = DATA_DIR / "uploads"
FILE_UPLOAD_PERMISSIONS = 0o600
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Reverse proxies in front of the servers (1 behind nginx): the client's address is then
# the one the nearest trusted proxy appended to X-Forwarded-For. 0 (the default) trusts no
# header and uses the connection's address. Login rate limits and API throttles use it.
TRUSTED_PROXIES = int(os.environ.get("ROGATORY_TRUSTED_PROXIES", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXIES

# Security: secure cookies and HSTS when served over HTTPS (ROGATORY_HTTPS=1).
HTTPS = env_bool("ROGATORY_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rogatory.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rogatory.core.rest.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "rogatory.core.rest.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "600/min", "user": "1200/min",
                               "token": "10/min"},  # a rate, not a password  # nosec B105
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    # Without it DRF keys throttles on the whole X-Forwarded-For header, which any client
    # can set: one new value per request and the anonymous limit never bites.
    "NUM_PROXIES": TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rogatory API",
    "DESCRIPTION": "International cooperation in criminal matters under UNTOC.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema component per code list used by several fields or apps, so that choice
    # sets with the same field name in two apps (status, kind, type, ...) do not collide.
    "ENUM_NAME_OVERRIDES": {
        "DirectoryChannelEnum": "rogatory.directory.models.Channel",
        "DirectoryFunctionEnum": "rogatory.directory.models.Function",
        "AssetStageEnum": "rogatory.assets.models.Stage",
        "AssetTypeEnum": "rogatory.assets.models.AssetType",
        "AssetClaimStatusEnum": "rogatory.assets.models.Claim.Status",
        "AssetClaimantKindEnum": "rogatory.assets.models.Claim.Kind",
        "AssetArrangementStatusEnum": "rogatory.assets.models.SharingArrangement.Status",
        "CaseStatusEnum": "rogatory.cases.models.Status",
        "CaseKindEnum": "rogatory.cases.models.Kind",
        # the same two values with different labels: each its own component
        "CaseDirectionEnum": "rogatory.cases.models.Direction",
        "ExchangeDirectionEnum": "rogatory.exchange.models.Message.Direction",
        "LibraryItemKindEnum": "rogatory.library.models.Kind",
        "LibraryLanguageEnum": "rogatory.library.models.Language",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "defaults": {"request_id": None},
        },
    },
    "filters": {"request_id": {"()": "rogatory.core.middleware.RequestIdFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json",
                    "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

