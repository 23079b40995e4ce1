"""Tremplin settings, read from the environment.

TREMPLIN_ENV=production switches on the production settings: a real SECRET_KEY and
ALLOWED_HOSTS are then required, and cookies, HSTS and HTTPS redirects are enforced.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent  # backend/
PROJECT_DIR = BASE_DIR.parent
FIXTURES_DIR = PROJECT_DIR / "fixtures"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TREMPLIN_ENV = os.environ.get("TREMPLIN_ENV", "development")
PRODUCTION = TREMPLIN_ENV == "production"

if PRODUCTION:
    try:
        SECRET_KEY = os.environ["SECRET_KEY"]
    except KeyError:
        raise ImproperlyConfigured("SECRET_KEY must be set when TREMPLIN_ENV=production") from None
    if SECRET_KEY.startswith(("dev-only-", "django-insecure-")) or "remplacer" in SECRET_KEY:
        # The development fallback, startproject's or .env.example's placeholder: public values.
        raise ImproperlyConfigured("SECRET_KEY is a published placeholder: set a long random value")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when TREMPLIN_ENV=production")
    DEBUG = False
else:
    # Development only: a fixed key is fine because nothing real is signed with it.
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    DEBUG = env_bool("DEBUG", True)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "tremplin.security.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "guardian",
    "auditlog",
    "axes",
    "csp",
    "organisations",
    "parcours",
    "employers",
    "trainings",
    "notifications",
    "outcomes",
    "audit",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "tremplin.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes documents: it turns a locked-out login into tremplin.security.lockout_response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tremplin.urls"
# API clients POST to exact URLs; redirecting a POST to add a slash would drop its body.
APPEND_SLASH = False
WSGI_APPLICATION = "tremplin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Embedded SQLite unless DATABASE_URL is set (PostgreSQL in CI and production).
if not os.environ.get("DATABASE_URL"):
    (PROJECT_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PROJECT_DIR / 'var' / 'tremplin.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Optional read replica (a streaming-replication standby of the primary): the dashboards' reads go
# to it, everything else stays on "default" (tremplin.routers). Tests have no replica: there it is
# the primary's test database under a second connection.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["tremplin.routers.ReplicaRouter"]
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiles big plans for the cost it estimates, not for the rows this app's
        # paginated, index-driven queries actually read: at 1,000,000 parcours the caseload's alert
        # counts took 8.6 s, nearly all compiling, and 84 ms without JIT (bench/parcours_list.py).
        _database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests on SQLite use a file, not shared memory: the browser tests' live server answers
    # several requests at once, each on its own connection, and SQLite serialises their writes.
    # Next to the database, named after it, so that two checkouts or runs can test side by side.
    _database_file = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": str(_database_file.with_name(f"test_{_database_file.name}"))}
    # Writes start with BEGIN IMMEDIATE and readers do not block the writer (WAL): without both, a
    # request that reads then writes while another connection writes fails at once with
    # "database is locked" instead of waiting its turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, transaction_mode="IMMEDIATE", init_command="PRAGMA journal_mode=WAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked (axes' AxesStandaloneBackend).
    "tremplin.security.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login lockout (django-axes, tremplin.security): AXES_FAILURE_LIMIT failures for one e-mail from
# one client address lock that pair for AXES_COOLOFF_MINUTES. By e-mail *and* address, so that an
# attacker cannot lock a user out from everywhere; the DRF "login" throttle below still limits
# each address over all e-mails. A locked-out login answers 429 "locked_out" with one generic
# message, for existing and unknown e-mails alike (no enumeration), never an HTML page.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_MINUTES = int(os.environ.get("AXES_COOLOFF_MINUTES", "15"))
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "tremplin.security.login_identifier"
# django-ipware is not installed: the address comes from tremplin.security.client_ip, which reads
# X-Forwarded-For (its last hop, appended by our nginx) only where the audit trail trusts it.
AXES_CLIENT_IP_CALLABLE = "tremplin.security.client_ip"
AXES_LOCKOUT_CALLABLE = "tremplin.security.lockout_response"
# The audit trail already records logins and failed logins (audit.receivers).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# No anonymous user row: every API call is authenticated.
ANONYMOUS_USER_NAME = None
GUARDIAN_USER_OBJ_PERMS_MODEL = "guardian.UserObjectPermission"

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
# Datetimes are stored in UTC; each structure carries its own IANA time zone for display
# and for "today" (Réunion is UTC+4, the Antilles UTC-4).
USE_TZ = True
TIME_ZONE = "Europe/Paris"
USE_I18N = True

# The built web app (frontend/dist): index.html is served by tremplin.spa, its fingerprinted
# assets by whitenoise at the site root.
FRONTEND_DIST = Path(os.environ.get("FRONTEND_DIST", PROJECT_DIR / "frontend" / "dist"))
if FRONTEND_DIST.is_dir():
    WHITENOISE_ROOT = FRONTEND_DIST
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if PRODUCTION else 0

# Sessions end after SESSION_IDLE_MINUTES without a request (each request renews them).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
CSRF_COOKIE_SAMESITE = SESSION_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "var" / "static"))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# E-mail: printed to the console in development, SMTP configured from the environment in
# production (the test runner swaps in the locmem backend by itself).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tremplin <ne-pas-repondre@tremplin.localhost>")
if PRODUCTION:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the web app is served: notification e-mails link to it.
WEB_APP_URL = os.environ.get("WEB_APP_URL", "http://localhost:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated call then gets 401 with WWW-Authenticate, not 403.
        "tremplin.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "tremplin.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "tremplin.api.StableOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "tremplin.schema.AutoSchema",
    "EXCEPTION_HANDLER": "tremplin.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_THROTTLE_RATES": {"login": os.environ.get("LOGIN_THROTTLE_RATE", "10/minute")},
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tremplin API",
    "DESCRIPTION": "Parcours d'insertion par l'activité économique : personnes, parcours, transitions.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Stable names for enums whose field names repeat across models ("kind", "state"...), so the
    # web app's generated types do not change when another model gains a field of the same name.
    "ENUM_NAME_OVERRIDES": {
        "PhaseEnum": "parcours.models.Phase",
        "OrganisationKindEnum": "organisations.models.Organisation.Kind",
        "StructureTypeEnum": "organisations.models.Organisation.StructureType",
        "RoleEnum": "organisations.models.Membership.Role",
        "EstablishmentKindEnum": "employers.models.Establishment.Kind",
        "PlacementKindEnum": "employers.models.Placement.Kind",
        "PlacementStateEnum": "employers.models.Placement.State",
        "PlacementPurposeEnum": "employers.models.Placement.Purpose",
        "EnrolmentStateEnum": "trainings.models.Enrolment.State",
        "ResultEnum": "trainings.models.Enrolment.Result",
        "VaeApplicationStateEnum": "trainings.models.VaeApplication.State",
        "AttendanceStatusEnum": "trainings.models.AttendanceRecord.Status",
    },
}

# Retention (backend/privacy): a person is anonymised this long after their last exit with no
# activity since (DESIGN §8: 2 years by default).
RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", str(2 * 365)))

# The audit trail (backend/audit): django-auditlog's field history, written to audit.AuditEntry.
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
# auditlog's own migrations create its default table even when the model is swapped out: never
# run them (an orphan table referencing users would also break test database flushes).
MIGRATION_MODULES = {"auditlog": None}
AUDITLOG_CID_GETTER = "audit.context.request_id"
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_MASK_CALLABLE = "audit.registration.mask"
AUDITLOG_DISABLE_REMOTE_ADDR = True  # audit.context records it (behind the proxy: its last hop)
AUDIT_TRUST_X_FORWARDED_FOR = env_bool("AUDIT_TRUST_X_FORWARDED_FOR", PRODUCTION)

# Security headers, in every environment (the browser tests run the built app under them); HSTS,
# HTTPS and secure cookies are production-only, below.
# Content-Security-Policy (django-csp): the built web app loads its scripts, styles and images from
# this origin only and calls only this origin's API.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Mantine writes its theme variables and responsive styles into <style data-mantine-styles>
        # elements at run time; index.html is a static file, so no per-response nonce can reach it.
        # Inline styles are therefore allowed, inline scripts never.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# DRF's throttles (the "login" rate) key on the client address: X-Forwarded-For's last hop behind
# our nginx (as the lockout and the audit trail), else REMOTE_ADDR; never the whole header, which
# a client could rewrite at each attempt.
REST_FRAMEWORK["NUM_PROXIES"] = 1 if AUDIT_TRUST_X_FORWARDED_FOR else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Permissions-Policy (tremplin.security.PermissionsPolicyMiddleware): features the app never uses.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Container and load-balancer health checks call it over plain HTTP, from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_HTTPONLY = True
