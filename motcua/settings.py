"""Settings for motcua, read from the environment (see .env.example).

One module for every environment: defaults run the embedded SQLite database under ``var/``; production sets
``DATABASE_URL`` to PostgreSQL, ``SECRET_KEY`` and ``DEBUG=0``.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from motcua.lib.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MOTCUA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_secret("SECRET_KEY") or ("insecure-development-key" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off (see .env.example).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "motcua.organization",
    "motcua.workcalendar",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.api",
    "motcua.portal",
    "motcua.monitoring",
    "motcua.notifications",
    "motcua.consultations",
    "motcua.payments",
    "motcua.sync",
    "motcua.demo",
    "motcua.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.web.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite (WAL, see motcua.web.apps) by default; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("MOTCUA_DB_PREPARED_STATEMENTS", default=True):
    # PostgreSQL parses and plans a statement once per connection, from its second run (decision 016).
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organization.User"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The project-wide stylesheet lives outside any app, so the finders need to be told where.
STATICFILES_DIRS = [BASE_DIR / "motcua" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Electronic results (docs/decisions/008): the agency's PKCS#12 signing certificate and its passphrase
# (MOTCUA_SIGNING_P12_PASSPHRASE or, better, MOTCUA_SIGNING_P12_PASSPHRASE_FILE); optional per-unit certificates as
# <unit code>.p12 + <unit code>.passphrase in a directory; PEM trust roots for verification (default: the CA
# certificates inside the PKCS#12).
MOTCUA_SIGNING_P12 = env_str("MOTCUA_SIGNING_P12", "")
MOTCUA_SIGNING_P12_PASSPHRASE = env_secret("MOTCUA_SIGNING_P12_PASSPHRASE")
MOTCUA_SIGNING_UNIT_DIR = env_str("MOTCUA_SIGNING_UNIT_DIR", "")
MOTCUA_SIGNING_TRUST_ROOTS = env_list("MOTCUA_SIGNING_TRUST_ROOTS", [])

# Fees (docs/decisions/010): the online-payment gateway and the secret its callbacks are signed with.
MOTCUA_PAYMENT_GATEWAY = env_str("MOTCUA_PAYMENT_GATEWAY", "fake")
MOTCUA_PAYMENT_GATEWAY_URL = env_str("MOTCUA_PAYMENT_GATEWAY_URL", "/thanh-toan/gia-lap/")
MOTCUA_PAYMENT_SECRET = env_secret("MOTCUA_PAYMENT_SECRET") or ("insecure-payment-secret" if DEBUG else "")

# National-portal sync (docs/decisions/009): where `manage.py sync_national_portal` posts the outbox.
MOTCUA_NATIONAL_PORTAL_URL = env_str("MOTCUA_NATIONAL_PORTAL_URL", "")
MOTCUA_NATIONAL_PORTAL_TOKEN = env_secret("MOTCUA_NATIONAL_PORTAL_TOKEN")
MOTCUA_NATIONAL_PORTAL_TIMEOUT = env_int("MOTCUA_NATIONAL_PORTAL_TIMEOUT", 10)
MOTCUA_SYNC_BACKOFF_SECONDS = env_int("MOTCUA_SYNC_BACKOFF_SECONDS", 30)
MOTCUA_SYNC_BACKOFF_MAX_SECONDS = env_int("MOTCUA_SYNC_BACKOFF_MAX_SECONDS", 3600)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "motcua@localhost")

# Notifications (motcua/notifications): links in e-mails and SMS start with the site's address; SMS goes through the
# backend named here (console/file by default, or motcua.notifications.sms.HttpGatewaySmsBackend); failed deliveries
# are retried by `manage.py retry_notifications` with doubling back-off, a limited number of times.
MOTCUA_SITE_URL = env_str("MOTCUA_SITE_URL", "http://127.0.0.1:8000")
MOTCUA_SMS_BACKEND = env_str("MOTCUA_SMS_BACKEND", "motcua.notifications.sms.ConsoleSmsBackend")
MOTCUA_SMS_FILE = env_str("MOTCUA_SMS_FILE", "")
MOTCUA_SMS_GATEWAY_URL = env_str("MOTCUA_SMS_GATEWAY_URL", "")
MOTCUA_SMS_GATEWAY_TOKEN = env_secret("MOTCUA_SMS_GATEWAY_TOKEN")
MOTCUA_SMS_GATEWAY_TIMEOUT = env_int("MOTCUA_SMS_GATEWAY_TIMEOUT", 10)
MOTCUA_SMS_SENDER = env_str("MOTCUA_SMS_SENDER", "")
MOTCUA_NOTIFICATION_MAX_ATTEMPTS = env_int("MOTCUA_NOTIFICATION_MAX_ATTEMPTS", 5)
MOTCUA_NOTIFICATION_BACKOFF_SECONDS = env_int("MOTCUA_NOTIFICATION_BACKOFF_SECONDS", 60)
MOTCUA_NOTIFICATION_BACKOFF_MAX_SECONDS = env_int("MOTCUA_NOTIFICATION_BACKOFF_MAX_SECONDS", 6 * 3600)

# Rules a province may tune (docs/decisions/005, 006 and the portal's); the defaults are the ones the code falls back
# to when a setting is absent, repeated here so the environment can override them.
MOTCUA_DUE_SOON_WORKING_DAYS = env_int("MOTCUA_DUE_SOON_WORKING_DAYS", 2)
MOTCUA_APOLOGY_RESPONSIBILITY = env_str("MOTCUA_APOLOGY_RESPONSIBILITY", "result_issuer")
MOTCUA_CONSULTATION_MINUTES = env_int("MOTCUA_CONSULTATION_MINUTES", 3 * 8 * 60)
MOTCUA_CONSULTATION_REMINDER_MINUTES = env_int("MOTCUA_CONSULTATION_REMINDER_MINUTES", 8 * 60)
MOTCUA_DOSSIER_CODE_FORMAT = env_str("MOTCUA_DOSSIER_CODE_FORMAT", "{unit}-{day:%y%m%d}-{seq:04d}")
MOTCUA_NOTICE_SERIAL_FORMAT = env_str("MOTCUA_NOTICE_SERIAL_FORMAT", "{unit}-{day:%y%m%d}-P{seq:04d}")
MOTCUA_DOSSIER_DAILY_MAXIMUM = env_int("MOTCUA_DOSSIER_DAILY_MAXIMUM", 9999)
MOTCUA_ONLINE_RECEPTION_HOURS = env_int("MOTCUA_ONLINE_RECEPTION_HOURS", 8)
MOTCUA_EVALUATION_LINK_DAYS = env_int("MOTCUA_EVALUATION_LINK_DAYS", 180)
MOTCUA_LOOKUP_RATE = tuple(int(n) for n in env_list("MOTCUA_LOOKUP_RATE", ["10", "600"]))
MOTCUA_PORTAL_CODE_MINUTES = env_int("MOTCUA_PORTAL_CODE_MINUTES", 10)
MOTCUA_PORTAL_CODE_ATTEMPTS = env_int("MOTCUA_PORTAL_CODE_ATTEMPTS", 5)
MOTCUA_PORTAL_ACCOUNT_RATE = tuple(int(n) for n in env_list("MOTCUA_PORTAL_ACCOUNT_RATE", ["5", "900"]))
MOTCUA_PORTAL_CLIENT_RATE = tuple(int(n) for n in env_list("MOTCUA_PORTAL_CLIENT_RATE", ["20", "900"]))
# Staff sign-in attempts allowed per user name and per client address: attempts, seconds.
MOTCUA_STAFF_ACCOUNT_RATE = tuple(int(n) for n in env_list("MOTCUA_STAFF_ACCOUNT_RATE", ["10", "900"]))
MOTCUA_STAFF_CLIENT_RATE = tuple(int(n) for n in env_list("MOTCUA_STAFF_CLIENT_RATE", ["60", "900"]))
MOTCUA_PORTAL_UPLOAD_MAX_BYTES = env_int("MOTCUA_PORTAL_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
MOTCUA_POPULATION_BACKEND = env_str("MOTCUA_POPULATION_BACKEND", "motcua.portal.population.LocalRegistry")
if env_str("MOTCUA_POPULATION_FILE"):  # unset: the demo registry shipped with the portal app
    MOTCUA_POPULATION_FILE = env_str("MOTCUA_POPULATION_FILE")

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs eleven progress lines at INFO for every PDF form printed.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        # One INFO line per finished task (every notification) would drown the server log.
        "django_tasks": {"level": "WARNING"},
    },
}
