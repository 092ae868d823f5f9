"""Settings for fangguanfu, read from the environment through fangguanfu.env.

Two modes:
- development (default): DEBUG on, an SQLite file when DATABASE_URL is unset,
  Celery tasks run in-process when no broker is configured, e-mail to the console;
- production (FANGGUANFU_ENV=production): refuses to start without a real
  SECRET_KEY and a real ALLOWED_HOSTS, and passes `manage.py check --deploy`.
"""

import datetime
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

FANGGUANFU_ENV = env_str("FANGGUANFU_ENV", "development").strip().lower()
if FANGGUANFU_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"FANGGUANFU_ENV 只能是 development 或 production，实际为 {FANGGUANFU_ENV!r}")
PRODUCTION = FANGGUANFU_ENV == "production"

# A fixed key keeps development sessions valid across restarts; production must never use it.
DEV_SECRET_KEY = "dev-only-insecure-key-fangguanfu-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)


def _secret_is_weak(key: str) -> bool:
    return (
        not key
        or key == DEV_SECRET_KEY
        or key.startswith("django-insecure")
        or len(key) < 50
        or len(set(key)) < 5
    )


if PRODUCTION and _secret_is_weak(SECRET_KEY):
    raise ImproperlyConfigured(
        "生产模式拒绝启动：SECRET_KEY 未设置或为开发用密钥。请设置至少 50 个字符的随机 SECRET_KEY。"
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("生产模式不能开启 DEBUG。")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("生产模式需要设置 ALLOWED_HOSTS（逗号分隔的域名）。")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "axes",
    "workdays",
    "agencies",
    "documents",
    "tasks",
    "reporting",
    "importing",
    "reminders",
    "leadership",
    "ops",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fangguanfu.session_activity.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as axes asks: it sees the login views' answers (they render the lockout themselves).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fangguanfu.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agencies.context_processors.current_role",
                "reminders.context_processors.unread_count",
                "reporting.context_processors.head_queue_count",
                "ops.context_processors.sweep_banner",
            ],
        },
    },
]

WSGI_APPLICATION = "fangguanfu.wsgi.application"

# No DATABASE_URL: the embedded default, an SQLite file beside manage.py.
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    if "postgresql" in DATABASES["default"]["ENGINE"] and not env_bool("DB_JIT", False):
        # PostgreSQL's JIT compiles every query whose estimate is large: the pack's counts over a month's
        # reports or owed assignments (estimated at 10^5–10^6 for a plan that runs in 0.3 s) spent 0.2–0.9 s
        # compiling, at 100,000 tasks. A web request's queries are short: they run faster interpreted.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c jit=off").strip()
else:
    if PRODUCTION:
        raise ImproperlyConfigured("生产模式需要设置 DATABASE_URL（PostgreSQL）。")
    # SQLITE_PATH lets a test run the embedded default on its own file (tests/foundation/test_embedded_default.py).
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                             "NAME": Path(env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")))}}
    # The dashboard rollups' NULLS NOT DISTINCT key (leadership/rollup_models.py) is PostgreSQL's; on SQLite the
    # tables stay empty (no triggers, the dashboard counts tasks directly), so the warning on every command is noise.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "fangguanfu.password_validation.ChineseMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account and address before the password is checked.
    "fangguanfu.login.LockoutBackend",
    # Django's ModelBackend, with the user's profile and agency read in the same query.
    "fangguanfu.login.ProfileBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Production serves collected files (collectstatic, in the image); development
# and tests serve straight from the finders, so there is no directory to miss.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))) if PRODUCTION else None
# Front-end libraries come from npm (package.json) and are served by the app
# itself: intranets have no CDN. Only the built files are exposed.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Report attachments are private: stored outside any served directory and
# downloaded only through a view that checks who may see the task.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"
# A request body without files (a pasted plan, JSON) is held in memory up to this size: 5 MB of
# Chinese text is about 10 MB as escaped JSON. The import API refuses longer bodies unread.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# An uploaded file above this size is streamed to a temporary file, never held in memory; it
# equals the plan upload limit (documents.parsing.MAX_UPLOAD_BYTES), so anything refused for
# its size was never in memory, and the form checks UploadedFile.size before reading.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: console in development, SMTP settings from the environment in production.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "fangguanfu@localhost")
# Only read by the file-based backend (EMAIL_BACKEND=...filebased.EmailBackend), e.g. a test's worker process.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "test-artifacts" / "mail"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REDIS_URL = env_str("REDIS_URL")
# /healthz/ and the office banner treat a missing daily sweep or a silent beat as a fault only where beat is
# meant to run: production. The embedded default runs no beat.
HEALTH_REQUIRE_SCHEDULE = env_bool("HEALTH_REQUIRE_SCHEDULE", PRODUCTION)
# One cache for every worker and server when Redis is there (throttle counts, heartbeats); the embedded
# default (no REDIS_URL) is one process, where local memory is the same thing.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "fangguanfu.cache.PrefixedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "fangguanfu-cache",  # beside Celery's keys in the same Redis database
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fangguanfu"}}

# Sessions end after two hours without a request and with the browser. Activity pushes the expiry on
# at most once a minute (fangguanfu/session_activity.py), not with a write on every page.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 2 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login lockout (django-axes, see fangguanfu/login.py): per account and client address, counted in the
# database so that it holds across workers and restarts; the office lifts it in the admin.
AXES_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "fangguanfu.login.client_ip"
AXES_LOCKOUT_CALLABLE = "fangguanfu.login.lockout_response"
AXES_RESET_ON_SUCCESS = True
# A refused attempt during the lockout does not extend it: 15 minutes from the last checked password.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The security log names the account and the address of each failure (an audit needs both).
AXES_SENSITIVE_PARAMETERS = []
AXES_VERBOSE = False

# Celery. Without a broker (the embedded default) tasks run in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# A worker killed mid-job leaves the message on the queue; the reminder log's
# uniqueness key makes the redelivered run send nothing twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
# Seeds django-celery-beat's tables from CELERY_BEAT_SCHEDULE without overwriting the office's edits.
CELERY_BEAT_SCHEDULER = "reminders.beat:OfficeEditableScheduler"
# The whole schedule in one place; django-celery-beat copies it into the
# database, where office staff can change times in the admin.
CELERY_BEAT_SCHEDULE = {
    "daily-reminder-sweep": {
        "task": "reminders.tasks.reminder_sweep_task",
        "schedule": crontab(hour=8, minute=30),
    },
    "daily-escalation-digest": {
        "task": "reminders.tasks.escalation_digest_task",
        "schedule": crontab(hour=8, minute=45),
    },
    "monthly-roll-call": {
        "task": "reminders.tasks.monthly_roll_call_task",
        "schedule": crontab(hour=9, minute=0),
    },
    # The outbox drain (reminders/outbox.py): what a crash left pending, retries whose time came, and a
    # daily job above that missed its minute today (reminders/catch_up.py).
    "reminder-outbox-drain": {
        "task": "reminders.tasks.outbox_drain_task",
        "schedule": float(env_int("REMINDER_DRAIN_SECONDS", 300)),
    },
}
# Outbox timing (seconds). Retries back off 1 min, 5, 15 min, 1 h, 2 h, 4 h, then every 8 h; a row is
# given up a day after it was recorded or after REMINDER_MAX_COPIES attempts (copies a receiver may get).
REMINDER_RETRY_DELAYS = tuple(int(s) for s in env_list("REMINDER_RETRY_DELAYS", ["60", "300", "900", "3600", "7200",
                                                                              "14400", "28800"]))
REMINDER_CLAIM_SECONDS = env_int("REMINDER_CLAIM_SECONDS", 120)
REMINDER_GIVE_UP_SECONDS = env_int("REMINDER_GIVE_UP_SECONDS", 24 * 3600)
REMINDER_MAX_COPIES = env_int("REMINDER_MAX_COPIES", 10)
REMINDER_CATCH_UP_GRACE_SECONDS = env_int("REMINDER_CATCH_UP_GRACE_SECONDS", 600)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "fangguanfu.login.ProfileTokenAuthentication",  # DRF's, with the profile in the token's query
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "fangguanfu.pagination.BoundedPageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    "EXCEPTION_HANDLER": "fangguanfu.api_errors.api_exception_handler",
    # Throttles (token login) and the login lockout identify the client by address. Without a proxy count DRF
    # trusts the whole X-Forwarded-For header, which a password guesser can change on every attempt.
    # Behind one reverse proxy that appends the client address, set NUM_PROXIES=1.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "放管服任务督办系统 API",
    "DESCRIPTION": "政策文件、任务分工、进展报送、销号审核与提醒的接口。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a `status`; name the extension requests' set so the schema's enums stay readable.
    "ENUM_NAME_OVERRIDES": {
        "ExtensionStatusEnum": "tasks.choices.ExtensionStatus",
        "TaskStatusEnum": "tasks.choices.TaskStatus",
        "SignoffStatusEnum": "tasks.choices.SignoffStatus",
        "ReportStatusEnum": "tasks.choices.ReportStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "fangguanfu.api_schema.postprocess",
    ],
}

# Content-Security-Policy (django-csp). The pages carry no inline script (htmx, ECharts and the dashboard's
# script are static files; the API docs use the split Swagger view, whose start-up script is a file too),
# so scripts come from this site only. Styles keep 'unsafe-inline': templates and ECharts set style
# attributes, which CSP cannot allow by nonce, and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
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
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Health probes (compose, load balancer) speak plain HTTP inside the network and must get the report.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    X_FRAME_OPTIONS = "DENY"
    SECURE_CONTENT_TYPE_NOSNIFF = True
