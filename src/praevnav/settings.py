"""Settings of the Präventionsnavigator.

One module, configured only through ``PRAEVNAV_*`` environment variables. Every
variable is documented in ``docs/operations.md``; keep the two in step.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout root (…/src/praevnav → …). Only used for defaults.
PROJECT_DIR = PACKAGE_DIR.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"PRAEVNAV_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
VAR_DIR = Path(env("VAR_DIR", str(PROJECT_DIR / "var"))).resolve()
DATA_DIR = Path(env("DATA_DIR", str(PROJECT_DIR.parent / "shared" / "data"))).resolve()

SECRET_KEY = env("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("ALLOW_INSECURE_KEY", False):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "PRAEVNAV_SECRET_KEY is not set. Set it (production) or set PRAEVNAV_DEBUG=true "
            "for a local demo."
        )
    SECRET_KEY = "insecure-demo-key-only-for-local-use-never-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "praevnav.core",
    "praevnav.accounts",
    "praevnav.taxonomy",
    "praevnav.geography",
    "praevnav.catalogue",
    "praevnav.exchange",
    "praevnav.planning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "praevnav.core.middleware.GermanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "praevnav.core.middleware.TenantMiddleware",
]

ROOT_URLCONF = "praevnav.urls"
WSGI_APPLICATION = "praevnav.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "praevnav.core.context_processors.tenant",
                "praevnav.catalogue.context_processors.merkliste",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'praevnav.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must work on a fresh checkout: create the file's folder.
    _sqlite_name = str(DATABASES["default"]["NAME"])
    if _sqlite_name and not _sqlite_name.startswith(("file:", ":memory:")):
        Path(_sqlite_name).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers proceed while the demo writes; a busy timeout instead of
    # "database is locked" errors under concurrent requests.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Our queries are short index lookups; starting parallel workers for them costs more
    # than it saves (a 1 ms text lookup took 8 ms with two workers). Set per session,
    # so the server's setting for other databases is untouched; 0 by default, raise it
    # with PRAEVNAV_PG_PARALLEL_WORKERS.
    _workers = int(env("PG_PARALLEL_WORKERS", "0"))
    DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options = DATABASES["default"]["OPTIONS"].get("options", "")
    DATABASES["default"]["OPTIONS"]["options"] = (
        f"{_pg_options} -c max_parallel_workers_per_gather={_workers}".strip()
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "catalogue:home"
LOGOUT_REDIRECT_URL = "catalogue:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# Tenancy: see docs/architecture.md#tenancy.
DEFAULT_TENANT = env("DEFAULT_TENANT", "duesseldorf")
# "host=slug,host2=slug2": serve a tenant on its own host name.
TENANT_HOSTS = dict(item.split("=", 1) for item in env_list("TENANT_HOSTS", "") if "=" in item)

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "praeventionsnavigator@localhost")
# Absolute links in e-mails sent outside a request (currency reminders): scheme and host.
BASE_URL = env("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long the one-click confirmation link of a currency reminder stays valid.
CONFIRM_LINK_MAX_AGE_DAYS = int(env("CONFIRM_LINK_MAX_AGE_DAYS", "60"))

# Map tiles are optional; without a URL maps render from the areas' own geometry.
TILE_URL = env("TILE_URL", "")
TILE_ATTRIBUTION = env("TILE_ATTRIBUTION", "")

# Geocoder for "near an address": empty URL = offline only (street names of the tenant's
# locations and area names), nothing is fetched. Set the full search endpoint of a
# Nominatim (…/search) or Photon (…/api) server for production; failures fall back to offline.
GEOCODER_URL = env("GEOCODER_URL", "")
GEOCODER_KIND = env("GEOCODER_KIND", "nominatim")
GEOCODER_TIMEOUT = float(env("GEOCODER_TIMEOUT", "2"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Largest file accepted by the import upload page (/austausch/import/).
IMPORT_MAX_BYTES = int(env("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
