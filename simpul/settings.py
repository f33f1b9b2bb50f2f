"""Simpul settings: one module, read from environment variables.

Development and the demo set DEBUG=1; anything else is treated as production and must
name its SECRET_KEY and ALLOWED_HOSTS explicitly.
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_count(name: str, default: int, minimum: int = 1) -> int:
    """A whole number from the environment, refused at start-up when it is not one."""
    value = os.environ.get(name, str(default)).strip()
    if not value.isdigit() or int(value) < minimum:
        raise ImproperlyConfigured(
            f"{name} harus bilangan bulat paling sedikit {minimum}, bukan {value!r}."
        )
    return int(value)


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# `manage.py makemigrations` (the migrations check) compares models with migrations only: it
# serves no request and signs nothing, so it runs in a bare shell without the secrets below.
SCHEMA_ONLY = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] == ["makemigrations"]

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and SCHEMA_ONLY:
    SECRET_KEY = secrets.token_urlsafe(50)  # thrown away with the command: never a default
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY wajib diisi bila DEBUG tidak aktif "
            "(SECRET_KEY must be set when DEBUG is off)."
        )
    # Only for DEBUG: a key that is useless anywhere else.
    SECRET_KEY = "simpul-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG and not SCHEMA_ONLY:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS wajib diisi bila DEBUG tidak aktif, misalnya "
            "ALLOWED_HOSTS=simpul.example.go.id (ALLOWED_HOSTS must be set when DEBUG is off)."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Our Bahasa Indonesia page instead of Django's English "CSRF verification failed".
CSRF_FAILURE_VIEW = "simpul.core.errors.csrf_failure"

INSTALLED_APPS = [
    "simpul.accounts",
    "simpul.agencies",
    "simpul.frameworks",
    "simpul.cycles",
    "simpul.evidence",
    "simpul.forum",
    "simpul.notifications",
    "simpul.meetings",
    "simpul.national",
    "simpul.reports",
    "simpul.dashboard",
    "simpul.planner",
    "simpul.plans",
    "simpul.api",
    "simpul.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    # Sign-in with OpenID Connect (simpul/accounts/oidc.py, docs/sign-in.md).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # First: the request id and the one log line per request cover everything below.
    "simpul.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "simpul.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "simpul.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "simpul.core.middleware.StripNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # request.user.is_verified(): the session passed the second step of sign-in.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simpul.agencies.middleware.CurrentMembershipMiddleware",
    # After the membership: a person who must use two-step sign-in sets it up first.
    "simpul.accounts.two_factor.middleware.TwoFactorRequiredMiddleware",
    "simpul.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "simpul.urls"
WSGI_APPLICATION = "simpul.wsgi.application"

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
                "simpul.agencies.context_processors.current_membership",
                "simpul.notifications.context_processors.inbox",
            ],
        },
    },
]

# SQLite by default so a fresh checkout runs; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'var' / 'simpul.sqlite3'}"),
        # Persistent connections in production (a new connection per request cost about a
        # fifth of the page mix's throughput); checked before reuse, so a restarted database
        # costs one failed check, not an error page. Development keeps one per request.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # As healthchecks does: WAL for concurrent readers, a busy timeout instead of
    # "database is locked", and IMMEDIATE transactions so writers queue up early.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    (PROJECT_DIR / "var").mkdir(exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in with OpenID Connect through django-allauth, one or more providers named in
# OIDC_PROVIDERS, each with OIDC_<NAME>_ISSUER, _CLIENT_ID, _CLIENT_SECRET and optionally
# _LABEL and _ENABLED (docs/sign-in.md). Only the providers' login and callback URLs are
# served (simpul/accounts/oidc_urls.py); allauth's own account pages are not.
from simpul.accounts.oidc_settings import providers_from_env  # noqa: E402

OIDC_PROVIDERS = providers_from_env(os.environ.get("OIDC_PROVIDERS", ""), os.environ)
SOCIALACCOUNT_ADAPTER = "simpul.accounts.oidc.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # matching by verified email is ours (oidc.py)
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True

# Failed sign-ins: after this many failures for one account (or one address) inside the
# window, further attempts are refused until the window has passed.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
# Reverse proxies in front of the app that append the client to X-Forwarded-For (nginx with
# $proxy_add_x_forwarded_for counts as one). 0 reads REMOTE_ADDR: behind a proxy that would be
# the proxy's address, and one user's failures would lock everyone out.
TRUSTED_PROXY_COUNT = env_count("TRUSTED_PROXY_COUNT", 0, minimum=0)
# Two-step sign-in (TOTP through django-otp, docs/two-factor.md). Platform staff must set it up
# before reaching anything when this is on: the default in production, off under DEBUG so the
# demo users sign in with their password. Coordinators follow their agency's own setting.
TWO_FACTOR_REQUIRED_FOR_STAFF = env_bool("TWO_FACTOR_REQUIRED_FOR_STAFF", default=not DEBUG)
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", "Simpul").strip() or "Simpul"
# Wrong codes are counted by throttle.py like wrong passwords (same limit, same window, an
# Indonesian message); django-otp's own back-off would refuse the right code typed just after a
# typo, with no reason shown.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Staff may delete a person's authenticator in the admin (a lost phone) but never read its secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Requests that send mail or join by invitation, counted per hour (RATE_LIMIT_WINDOW_SECONDS):
# per target (one email address, one invitation link) and per client address.
RATE_LIMIT_WINDOW_SECONDS = env_count("RATE_LIMIT_WINDOW_SECONDS", 3600)
MAIL_LIMIT_PER_TARGET = env_count("MAIL_LIMIT_PER_TARGET", 3)
MAIL_LIMIT_PER_CLIENT = env_count("MAIL_LIMIT_PER_CLIENT", 10)
INVITATION_JOINS_PER_CLIENT = env_count("INVITATION_JOINS_PER_CLIENT", 5)
INVITATION_JOINS_PER_LINK = env_count("INVITATION_JOINS_PER_LINK", 30)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names and pre-compressed files: long cache, small transfers on island links.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Uploaded evidence lives here, outside the web root: no URL pattern serves MEDIA_ROOT, files
# leave only through the permission-checked download view (simpul/evidence/views.py).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", PROJECT_DIR / "var" / "media"))

# Evidence storage: the local disk by default; EVIDENCE_STORAGE=s3 puts the files in an
# S3-compatible bucket (AWS, MinIO, Ceph...) so several app servers share them.
EVIDENCE_STORAGE = os.environ.get("EVIDENCE_STORAGE", "filesystem").strip().lower()
if EVIDENCE_STORAGE == "filesystem":
    # No "location": the storage follows MEDIA_ROOT, also when tests point it elsewhere.
    STORAGES["evidence"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif EVIDENCE_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured(
            "EVIDENCE_STORAGE=s3 memerlukan AWS_STORAGE_BUCKET_NAME "
            "(EVIDENCE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME)."
        )
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Empty keys fall back to boto3's own chain (instance role, ~/.aws).
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            # Private objects, never overwritten; downloads spill to disk above 1 MB.
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "max_memory_size": 1024 * 1024,
        },
    }
else:
    raise ImproperlyConfigured(
        f"EVIDENCE_STORAGE harus 'filesystem' atau 's3', bukan {EVIDENCE_STORAGE!r}."
    )

# The cache. Nothing in it is the only copy of anything: the public page is cached under a
# version kept in the database (simpul/dashboard/operations.py), so a moderation act makes every
# process's copy stale at once, whichever backend is used. A shared cache (the database by
# default in production, or Redis) renders each version once for every server instead of
# once per process. CACHE_BACKEND: locmem (DEBUG default), database (production default) or
# redis, which needs CACHE_URL=redis://host:6379/0 (a redis:// CACHE_URL alone chooses it).
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "").strip().lower()
if CACHE_BACKEND.startswith(("redis://", "rediss://", "unix://")):
    CACHE_URL, CACHE_BACKEND = os.environ["CACHE_BACKEND"].strip(), "redis"
if not CACHE_BACKEND:
    if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        CACHE_BACKEND = "redis"
    else:
        CACHE_BACKEND = "locmem" if DEBUG else "database"
# Keys carry the installation's name, so two installations sharing one Redis never mix.
_cache_prefix = os.environ.get("CACHE_KEY_PREFIX", "simpul")
if CACHE_BACKEND == "locmem":
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "simpul"}
elif CACHE_BACKEND == "database":
    # The table is made by a migration (simpul/core/migrations/0001_cache_table.py).
    _cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "simpul_cache",
        # One public page per agency, version and language: room for every agency.
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
elif CACHE_BACKEND == "redis":
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "CACHE_BACKEND=redis memerlukan CACHE_URL berbentuk redis://host:6379/0, bukan "
            f"{CACHE_URL!r} (CACHE_BACKEND=redis needs CACHE_URL=redis://...)."
        )
    try:
        import redis  # noqa: F401  (Django's RedisCache needs it; pinned in requirements.lock)
    except ImportError:
        raise ImproperlyConfigured(
            "CACHE_BACKEND=redis memerlukan paket Python 'redis', yang tidak terpasang: pasang "
            "ulang dari requirements.lock, atau pakai CACHE_BACKEND=database (bawaan "
            "produksi). (The redis cache needs the 'redis' package.)"
        ) from None
    _cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
else:
    raise ImproperlyConfigured(
        "CACHE_BACKEND harus 'locmem', 'database' atau 'redis' (dengan CACHE_URL=redis://...), "
        f"bukan {CACHE_BACKEND!r}."
    )
CACHES = {"default": {**_cache, "KEY_PREFIX": _cache_prefix}}

# Upload limits. Files above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file in chunks,
# so a 100 MB upload does not grow the process; evidence above the limit is refused.
_max_upload_mb = os.environ.get("EVIDENCE_MAX_UPLOAD_MB", "50").strip()
if not _max_upload_mb.isdigit() or int(_max_upload_mb) == 0:
    raise ImproperlyConfigured(
        f"EVIDENCE_MAX_UPLOAD_MB harus bilangan bulat positif (MB), bukan {_max_upload_mb!r}."
    )
EVIDENCE_MAX_UPLOAD_SIZE = int(_max_upload_mb) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None
# Half-sent chunked uploads (simpul/evidence/resumable.py): outside MEDIA_ROOT, kept this long.
# With several web servers the folder must be shared by all of them (docs/deploy.md).
EVIDENCE_UPLOAD_SESSION_DIR = os.environ.get("EVIDENCE_UPLOAD_SESSION_DIR") or None
_session_hours = os.environ.get("EVIDENCE_UPLOAD_SESSION_HOURS", "24").strip()
if not _session_hours.isdigit() or int(_session_hours) < 1:
    raise ImproperlyConfigured(
        "EVIDENCE_UPLOAD_SESSION_HOURS harus bilangan bulat positif (jam), "
        f"bukan {_session_hours!r}."
    )
EVIDENCE_UPLOAD_SESSION_HOURS = int(_session_hours)
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Background work (text extraction of evidence) goes through django-tasks with its database
# backend: no broker to run, and the queue survives restarts. `manage.py db_worker` runs the
# tasks; `python3 dev.py demo` starts one beside the server. Tests use the same backend and
# run the worker in-process (simpul/evidence/tests/conftest.py), so what they exercise is the
# real queue: argument serialisation, task lookup by import path, the worker loop.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A report build, a text extraction or a mail send still running after this many minutes is
# taken for a killed worker: `recover_tasks` (cron, every few minutes) retries or fails it.
BACKGROUND_TASK_TIMEOUT_MINUTES = int(os.environ.get("BACKGROUND_TASK_TIMEOUT_MINUTES", "30"))
# Every email and WhatsApp message goes through the outbox (simpul/notifications): tried this
# many times, further apart each time, before it is shown as failed to the coordinator.
NOTIFICATION_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATION_MAX_ATTEMPTS", "5"))
# Evidence text extraction interrupted this many times (a file that kills the worker) fails.
EXTRACTION_MAX_ATTEMPTS = int(os.environ.get("EXTRACTION_MAX_ATTEMPTS", "3"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# A hung mail server must not hold a worker for ever; the outbox retries later.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Simpul <noreply@localhost>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Optional WhatsApp channel: a generic JSON POST {"to", "message"} to this URL (off when empty),
# with "Authorization: Bearer <token>" when a token is set. See docs/forum.md.
WHATSAPP_WEBHOOK_URL = os.environ.get("WHATSAPP_WEBHOOK_URL", "").strip()
WHATSAPP_WEBHOOK_TOKEN = os.environ.get("WHATSAPP_WEBHOOK_TOKEN", "").strip()
# Forum posting limit: at most this many posts per person per minute.
FORUM_POSTS_PER_MINUTE = int(os.environ.get("FORUM_POSTS_PER_MINUTE", "5"))


def _api_rate(name: str, value: str) -> str:
    """A DRF rate "<count>/<second|minute|hour|day>", refused at start-up when it is not one."""
    value = value.strip()
    count, _, period = value.partition("/")
    if not count.isdigit() or int(count) < 1 or period[:1] not in {"s", "m", "h", "d"}:
        raise ImproperlyConfigured(
            f"{name} harus berbentuk jumlah/satuan, mis. 120/minute atau 1000/day, bukan {value!r}."
        )
    return value


# /api/v1 (docs/api.md): requests per token (or signed-in person, or client address for the
# public score), and a smaller budget for the CPU-heavy planner on top.
API_RATE = _api_rate("API_RATE", os.environ.get("API_RATE", "120/minute"))
API_PLAN_RATE = _api_rate("API_PLAN_RATE", os.environ.get("API_PLAN_RATE", "20/minute"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "simpul.api.tokens.BearerTokenAuthentication",
        "simpul.api.tokens.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "simpul.api.tokens.SignedInOrToken",
        "simpul.api.tokens.TokenScopePermission",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["simpul.api.tokens.UserRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "simpul.api.tokens.JsonOnlyNegotiation",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "simpul.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Simpul API",
    "VERSION": "1",
    "DESCRIPTION": (
        "Data instansi Anda, dengan hak yang sama seperti di halaman: kerangka, periode, "
        "jawaban dengan tingkat, butir dan putusan per tahap, data dukung (unggah, tautkan, "
        "unduh), rencana aksi, rapat, forum, angka indeks dan hasil nasional; impor hasil resmi "
        "dan putusan butir. Penulisan memakai ETag/If-Match. Masuk dengan token API "
        "(Authorization: Bearer) atau sesi; score terbuka, plan perlu masuk. Dibatasi per token "
        "atau orang. Lihat docs/api.md. (The agency's data with the pages' permissions; writes "
        "use ETag/If-Match; token or session; throttled.)"
    ),
    "OAS_VERSION": "3.1.0",
    "SERVERS": [{"url": "/api/v1"}],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": True,
    "COMPONENT_SPLIT_REQUEST": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "simpul.api.schema.refine",
    ],
    # Two "status" sets (a score may come from a compiled framework, a plan never does).
    "ENUM_NAME_OVERRIDES": {
        "FrameworkStatusEnum": ["official", "draft", "compiled"],
        "PlanStatusEnum": ["official", "draft"],
        # One item-verdict set for every review stage of an answer's items.
        "ItemVerdictEnum": ["accepted", "revision", "rejected", "auto_rejected"],
        # The stages an item verdict is given at (simpul/api/answer_writes.py).
        "ReviewStageEnum": "simpul.cycles.models.ReviewStage",
        "AnswerStatusEnum": ["draft", "submitted", "changes_requested", "accepted"],
        # The collaboration endpoints (simpul/api/collab_views.py): each app has its own sets.
        # Values as lists (the raw enums of collab_views.choice do not resolve import paths);
        # test_schema_generated fails on a warning, so a renamed value cannot slip by.
        "ActionStatusEnum": ["planned", "in_progress", "done", "cancelled"],
        "ThreadStatusEnum": ["open", "closed"],
        "MeetingKindEnum": ["coordination", "forum", "other"],
        "ThreadKindEnum": ["obstacle", "solution", "commitment", "question"],
        "PostKindEnum": ["obstacle", "solution", "commitment", "question", "reply"],
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts and stylesheets only from our own static files (htmx is vendored, no inline scripts:
# behaviours live in static/simpul/simpul.js); style attributes stay allowed for the charts.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# No page needs the camera, microphone, location, payment or device sensors.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb", "xr-spatial-tracking",
    ]
)  # fmt: skip
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain HTTP inside the network: answer, do not redirect.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Off unless asked for: preloading binds every subdomain of the parent domain (go.id
    # agencies share one) to HTTPS in browsers for good, beyond what this server decides.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "preload is off": on purpose, see above
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Operations (docs/operations.md). The last backup's time and size, written by `manage.py
# backup`, read by `manage.py status` and /healthz.
BACKUP_STATE_FILE = Path(
    os.environ.get("BACKUP_STATE_FILE", PROJECT_DIR / "var" / "last-backup.json")
)
# /healthz reports the worker stale when a task ready to run has waited longer than this.
WORKER_STALE_SECONDS = env_count("WORKER_STALE_SECONDS", 600)

# Logs: one JSON object a line in production (request id, user id, agency id; never personal
# data), readable lines in development. LOG_REQUESTS adds one line per request.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT harus 'json' atau 'plain', bukan {LOG_FORMAT!r}.")
LOG_REQUESTS = env_bool("LOG_REQUESTS", not DEBUG)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "simpul.core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "simpul.core.logs.JsonFormatter"},
        "plain": {
            "()": "simpul.core.logs.PlainFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print its lines a second time, plain.
        "django": {"handlers": [], "level": os.environ.get("LOG_LEVEL", "WARNING")},
        "simpul.request": {"level": "INFO" if LOG_REQUESTS else "WARNING"},
    },
}

# Optional error reporting to Sentry or a compatible server (GlitchTip) when SENTRY_DSN is set;
# reports carry no personal data (simpul/core/logs.py).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    from simpul.core.logs import setup_error_reporting

    setup_error_reporting(SENTRY_DSN, os.environ.get("SENTRY_ENVIRONMENT", "production"))
