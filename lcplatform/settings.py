"""One settings module, read from the environment.

Without any variables set the project runs on embedded defaults (SQLite in
``var/``, a file-system Celery broker, mail written to ``var/mail``) so that
``make run`` works on any machine. Production sets ``DATABASE_URL``,
``REDIS_URL``, ``SECRET_KEY`` and friends (see README).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LC_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
# Without SECRET_KEY the platform runs only for development (DEBUG=1) and tests,
# on a key everyone can read here: lcplatform/startup.py refuses to serve or run
# workers with it when DEBUG is off, and core/checks.py fails `check --deploy`.
# Django marks keys starting with "django-insecure-" as unsafe itself too.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-" + "x" * 30
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
# Key rotation: put the old key here (comma-separated) while the new one takes
# over, so signed links already mailed (unsubscribe, calendar) keep working.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
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
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "taggit",
    "django_filters",
    "core",
    "places",
    "accounts",
    "outbox",
    "instruments",
    "communities",
    "valuecreation",
    "reminders",
    "moderation",
    "discovery",
    "scans",
    "notifications",
    "api",
    "exchange",
    "semantic",
    # Top of the layer stack: pages and commands that combine the apps above.
    "home",
    "demo",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RejectMalformedInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.DutchFirstLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.security.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "lcplatform.urls"
WSGI_APPLICATION = "lcplatform.wsgi.application"
SITE_ID = 1

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
                "core.context_processors.site",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (web, worker, beat) wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# The database cache is shared by every gunicorn worker and does not depend on
# Redis being reachable: login rate limits keep counting when Redis is down.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "lc_cache",
        # The default (300) would cull rate-limit counters and cached figures under load.
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
    # Whole pages for visitors (core.pagecache), per worker process: a hit costs no
    # database round trip but the content-version lookup that keeps it correct.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lc-pages",
        "OPTIONS": {"MAX_ENTRIES": 2_000},
    },
}
# With REDIS_URL, Django's Redis cache is the shared one (rate limits, counts, fragments), so several
# web servers agree; core.cache makes it fail open: with Redis down pages answer, uncached (and rate
# limits do not count meanwhile). Without REDIS_URL the database cache above stays the embedded default.
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "core.cache.FailOpenRedisCache",
        "LOCATION": os.environ.get("REDIS_CACHE_URL", os.environ["REDIS_URL"]),
        "KEY_PREFIX": "lc",
        # A Redis that does not answer costs a page at most this long, once per operation.
        "OPTIONS": {
            "socket_connect_timeout": float(os.environ.get("REDIS_CACHE_TIMEOUT", "0.25")),
            "socket_timeout": float(os.environ.get("REDIS_CACHE_TIMEOUT", "0.25")),
        },
    }
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Discussions: the first posts of a new account wait for a coordinator, against spam (Discourse does the
# same). 0 switches it off.
EXCHANGE_HOLD_FIRST_POSTS = int(os.environ.get("EXCHANGE_HOLD_FIRST_POSTS", "2"))
# Instrument page views are added up per worker and written in batches (instruments.viewcounts).
VIEW_COUNT_FLUSH_SECONDS = int(os.environ.get("VIEW_COUNT_FLUSH_SECONDS", "10"))
VIEW_COUNT_MAX_PENDING = 1000

# --- Auth -------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 1024}},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
# How many proxies in front of the app add to X-Forwarded-For (the TLS proxy of
# the production set-up: 1). Without it every visitor shares the proxy's
# address for the rate limits; with too high a number clients could spoof theirs.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Per address *and* client (accounts/adapter.py): an attacker locks out only
    # their own client, never a known account.
    "login_failed": "10/m/ip,5/5m/key",
    # Across all clients, one address takes at most this many wrong passwords
    # (a password reset lifts it for the owner).
    "login_failed_address": "100/h/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[LC Platform] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# First sign-in asks the welcome questions; LinkedIn's name becomes the display name.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_ONLY = False

LINKEDIN_CLIENT_ID = os.environ.get("LINKEDIN_CLIENT_ID", "")
LINKEDIN_CLIENT_SECRET = os.environ.get("LINKEDIN_CLIENT_SECRET", "")


def linkedin_provider(client_id: str, secret: str) -> dict:
    """LinkedIn speaks OpenID Connect ("Sign In with LinkedIn using OpenID Connect")."""
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "linkedin",
                    "name": "LinkedIn",
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {
                        "server_url": "https://www.linkedin.com/oauth",
                        "token_auth_method": "client_secret_post",
                        "scope": ["openid", "profile", "email"],
                    },
                }
            ],
        }
    }


SOCIALACCOUNT_PROVIDERS = (
    linkedin_provider(LINKEDIN_CLIENT_ID, LINKEDIN_CLIENT_SECRET)
    if LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET
    else {}
)

# --- I18n -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request without it
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=True)
# Files browsers ask for at the site root (favicon.ico), served by WhiteNoise without a URL pattern.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# --- Mail -------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LC Platform <noreply@lcplatform.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # An unacknowledged task (acks_late; its worker died) is delivered again after this.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("REDIS_VISIBILITY_TIMEOUT", "3600"))
    }
    # How often a worker looks for such tasks (kombu default: about every 100 s); tests lower it.
    for _option in ("unacked_restore_interval", "unacked_restore_throttle"):
        if os.environ.get(f"REDIS_{_option.upper()}"):
            CELERY_BROKER_TRANSPORT_OPTIONS[_option] = int(os.environ[f"REDIS_{_option.upper()}"])
else:
    # kombu's file-system transport: a broker that needs no server.
    _broker_dir = VAR_DIR / "celery"
    for sub in ("out", "processed", "control"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Without this kombu keeps its exchange table in ./control of the working directory.
        "control_folder": str(_broker_dir / "control"),
    }
CELERY_TIMEZONE = TIME_ZONE
# Associative search (semantic/embedders.py): "e5" (the local multilingual model), "hashing"
# (a deterministic stand-in for tests and scale benches) or "off" (full-text only).
SEMANTIC_EMBEDDER = os.environ.get("SEMANTIC_EMBEDDER", "e5")
# Threads the model may use per process (None: all cores); the worker shares the machine with the web.
SEMANTIC_THREADS = int(os.environ["SEMANTIC_THREADS"]) if os.environ.get("SEMANTIC_THREADS") else None
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")  # tests give workers their own queue
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that queues a task must not hang on an unreachable broker:
# give up quickly, log, and let the reminder scan pick the work up.
CELERY_BROKER_CONNECTION_TIMEOUT = float(os.environ.get("CELERY_BROKER_CONNECTION_TIMEOUT", "3"))
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
# One periodic scan finds every due reminder (not one scheduled task per reminder).
REMINDER_SCAN_SECONDS = int(os.environ.get("REMINDER_SCAN_SECONDS", "300"))
# The outbox sweep requeues mails whose task was lost or never queued (broker outage).
OUTBOX_SWEEP_SECONDS = int(os.environ.get("OUTBOX_SWEEP_SECONDS", "60"))
# Scans and sweeps have a queue of their own, consumed by a worker of their own
# (bin/run-dev, docker-compose.yml): a backlog of mails cannot hold them up.
CELERY_SCAN_QUEUE = os.environ.get("CELERY_SCAN_QUEUE", "scans")
CELERY_TASK_ROUTES = {
    "reminders.scan": {"queue": CELERY_SCAN_QUEUE},
    "outbox.sweep": {"queue": CELERY_SCAN_QUEUE},
}
# Stored associations (discovery.tasks): a change queues one refresh per debounce window.
ASSOCIATION_REFRESH_DEBOUNCE_SECONDS = int(os.environ.get("ASSOCIATION_REFRESH_DEBOUNCE_SECONDS", "10"))
ASSOCIATION_STALE_SWEEP_SECONDS = int(os.environ.get("ASSOCIATION_STALE_SWEEP_SECONDS", "300"))
ASSOCIATION_REFRESH_ALL_SECONDS = int(os.environ.get("ASSOCIATION_REFRESH_ALL_SECONDS", str(24 * 3600)))
CELERY_BEAT_SCHEDULE = {
    "reminders-scan": {
        "task": "reminders.scan",
        "schedule": REMINDER_SCAN_SECONDS,
        # A scan that waited longer than one interval is superseded by the next one,
        # which catches up everything due since the last successful scan.
        "options": {"expires": REMINDER_SCAN_SECONDS},
    },
    "outbox-sweep": {
        "task": "outbox.sweep",
        "schedule": OUTBOX_SWEEP_SECONDS,
        "options": {"expires": OUTBOX_SWEEP_SECONDS},
    },
    # Stored associations (discovery): drain what changes marked, should queueing them have failed,
    # and recompute everything now and then (new instruments in others' lists, ratings).
    "discovery-refresh-stale": {
        "task": "discovery.refresh_stale",
        "schedule": ASSOCIATION_STALE_SWEEP_SECONDS,
        "options": {"expires": ASSOCIATION_STALE_SWEEP_SECONDS},
    },
    "discovery-refresh-all": {
        "task": "discovery.refresh_all",
        "schedule": ASSOCIATION_REFRESH_ALL_SECONDS,
        "options": {"expires": ASSOCIATION_REFRESH_ALL_SECONDS},
    },
    # The challenge page's stored instrument ranking (exchange): the same two safety nets.
    "exchange-refresh-rankings": {
        "task": "exchange.refresh_rankings",
        "schedule": ASSOCIATION_STALE_SWEEP_SECONDS,
        "options": {"expires": ASSOCIATION_STALE_SWEEP_SECONDS},
    },
    "exchange-refresh-all-rankings": {
        "task": "exchange.refresh_all_rankings",
        "schedule": ASSOCIATION_REFRESH_ALL_SECONDS,
        "options": {"expires": ASSOCIATION_REFRESH_ALL_SECONDS},
    },
}

# --- Product settings ---------------------------------------------------------
# Shown in the footer, the privacy and the accessibility statement: where people write to.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "contact@lcplatform.local")
CATALOGUE_PAGE_SIZES = (24, 48, 100)
# Licence of the open-data export's content, once the network has chosen one
# (api/exports.py says so in the export while it is empty).
OPEN_DATA_LICENCE = {
    "name": os.environ.get("OPEN_DATA_LICENCE_NAME") or None,
    "url": os.environ.get("OPEN_DATA_LICENCE_URL") or None,
}

# Reminders (see reminders/): when they are due and how delivery retries.
REMINDER_AFTERNOON_BEFORE = os.environ.get("REMINDER_AFTERNOON_BEFORE", "16:00")  # default stand-up lead
REMINDER_SPRINT_HOUR = int(os.environ.get("REMINDER_SPRINT_HOUR", "8"))  # sprint start/end mails
REMINDER_DIGEST_HOUR = int(os.environ.get("REMINDER_DIGEST_HOUR", "7"))  # daily; weekly on Monday
REMINDER_MAX_ATTEMPTS = int(os.environ.get("REMINDER_MAX_ATTEMPTS", "5"))
REMINDER_RETRY_BASE_SECONDS = int(os.environ.get("REMINDER_RETRY_BASE_SECONDS", "60"))
# A claim older than this belongs to a worker that died while sending.
REMINDER_CLAIM_TIMEOUT_SECONDS = int(os.environ.get("REMINDER_CLAIM_TIMEOUT_SECONDS", "900"))
# A claim never handed to the mail server is taken over after this (rendering takes milliseconds).
OUTBOX_HANDOVER_TIMEOUT_SECONDS = int(os.environ.get("OUTBOX_HANDOVER_TIMEOUT_SECONDS", "30"))
# A pending reminder queued longer ago than this is queued again (lost task, broker outage).
REMINDER_REQUEUE_AFTER_SECONDS = int(os.environ.get("REMINDER_REQUEUE_AFTER_SECONDS", "600"))
REMINDER_CALENDAR_WEEKS = int(os.environ.get("REMINDER_CALENDAR_WEEKS", "13"))
VALUE_FOLLOWUP_AFTER_DAYS = int(os.environ.get("VALUE_FOLLOWUP_AFTER_DAYS", "42"))

# --- Production hardening -----------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page has inline script or style, and nothing is loaded from elsewhere.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    # Browsers apply form-action to the redirect after a POST: signing in with
    # LinkedIn posts here and is then sent on to linkedin.com.
    "form-action": ["'self'"] + (["https://www.linkedin.com"] if SOCIALACCOUNT_PROVIDERS else []),
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
# Signed in for at most SESSION_ABSOLUTE_TIMEOUT, and logged out after
# SESSION_IDLE_TIMEOUT without a request (core.security.SessionLifetimeMiddleware).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(60 * 60 * 8)))
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_TIMEOUT", str(60 * 60 * 24 * 14)))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT

# Nothing is uploaded; form posts stay small (the longest text field holds 5 000 characters).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 0
MALFORMED_INPUT_EXEMPT_PATHS = ("/api/v1/",)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

HTTPS = not DEBUG and env_bool("HTTPS", default=False)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # __Host-: the browser only accepts these over HTTPS, for this exact host and
    # path /, so a sibling subdomain cannot plant or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
