"""The one settings module. Everything that differs between a laptop and production
comes from the environment, with defaults that are safe on a developer's machine."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from liability.clients import trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent


FLAGS = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False, "off": False}


def env_flag(name: str, default: bool = False) -> bool:
    """A true/false setting. Anything else stops the start: `HTTPS=ture` must not quietly
    turn off HSTS, secure cookies and the HTTPS redirect."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in FLAGS:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not true or false. Write true or false (or 1/0, yes/no)."
        )
    return FLAGS[value]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def database() -> dict:
    """DATABASE_URL, or PostgreSQL from its parts (DATABASE_HOST and the rest).

    The parts are never pasted into a URL, so a password with @ / : # ? in it works as it
    is (docker-compose.yml passes the parts). Both at once would leave a reader unsure
    which one is used, so that stops the start."""
    options = {"conn_max_age": env_int("CONN_MAX_AGE", 60), "conn_health_checks": True}
    if not os.environ.get("DATABASE_HOST"):
        return dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", **options)
    if os.environ.get("DATABASE_URL"):
        raise ImproperlyConfigured(
            "Set DATABASE_URL or DATABASE_HOST (with DATABASE_NAME, DATABASE_USER, ...), not both."
        )
    return {
        **dj_database_url.parse("postgres://", **options),
        "HOST": os.environ["DATABASE_HOST"],
        "PORT": env_int("DATABASE_PORT", 5432),
        "NAME": os.environ.get("DATABASE_NAME", "recourse"),
        "USER": os.environ.get("DATABASE_USER", "recourse"),
        "PASSWORD": os.environ.get("DATABASE_PASSWORD", ""),
    }


def secret_key() -> str:
    """SECRET_KEY from the environment, else (off production) a random key kept in a local file.

    `make serve` must start with nothing set, yet a fixed fallback key would be public.
    The file is created once (mode 600, ignored by git) so sessions survive restarts.
    In production (HTTPS=true) the key must come from the environment: each app server
    would otherwise make its own file, and a CSRF token, signed cookie or share-limit
    count made on one server would not be valid on the next one behind the balancer.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    if env_flag("HTTPS"):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production (HTTPS=true) set SECRET_KEY to the same long random string "
            "on every app server, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    path = Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / ".secret_key"))
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = secret_key()
DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, which it extends with the Spanish fields
    "liability",
    "liability.apps.DeskAdminConfig",  # django.contrib.admin, with the desk as its home
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "simple_history",
    "axes",
]

# Content has Spanish beside the English (liability/translation.py). No fallbacks: a missing
# Spanish text stays empty, and the public pages decide what to show (publishing/translations.py).
MODELTRANSLATION_LANGUAGES = ("en", "es")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_ENABLE_FALLBACKS = False
MODELTRANSLATION_AUTO_POPULATE = False

MIDDLEWARE = [
    "liability.middleware.health_checks",  # first: /healthz and /readyz skip everything below
    "django.middleware.security.SecurityMiddleware",
    # Above whitenoise, so static files carry the CSP and X-Frame-Options too (an SVG
    # opened on its own is a document). Both only add headers to the response.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "liability.middleware.method_not_allowed",  # a readable 405 page; Django's is empty
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The same client as the share limit (liability.clients.client_address), recorded as a
# keyed hash: axes keeps its login attempts, and we keep no addresses.
AXES_CLIENT_IP_CALLABLE = "liability.clients.pseudonymous_address"
# Content not reviewed for longer than this is listed as stale in the admin.
STALE_AFTER_DAYS = env_int("STALE_AFTER_DAYS", 365)

ROOT_URLCONF = "liability.urls"
WSGI_APPLICATION = "liability.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # liability/templates, found as an app's (APP_DIRS), so the wheel carries them.
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "liability.context_processors.glossary",
                "liability.context_processors.languages",
            ],
            # Django's i18n tags, translating a literal once per language instead of on every
            # render (liability/templatetags/translations.py): the same output, a new result
            # rendered ~20% faster.
            "libraries": {"i18n": "liability.templatetags.translations"},
        },
    }
]
# That is on purpose a second library named "i18n", which this check warns about.
SILENCED_SYSTEM_CHECKS = ["templates.W003"]

DATABASES = {"default": database()}

# "pages" keeps rendered question steps and results (`{% cache %}` in their templates).
# They depend only on the published version, the address, the day and the language, all
# in the key, so each app server keeps its own copy and none goes stale. The copy holds
# answers, so it lives in memory only, for 10 minutes at most (the templates say 600 s),
# and is never tied to who asked: the footer's "what we keep" note says so.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 100)},  # ~110 KB each: reloads and Back within minutes
    },
    # "parts" keeps the parts of pages that many people share: a route card rendered for a
    # content version, route, status and matched reasons, with the person's own parts left
    # out (filled in per request; no answers, no dates: content only, kept an hour); the card
    # with those own parts put in, for the same route data on the same day; and the parts of
    # a result's shape kept by what they read ({% kept %}). The last two hold no dates while
    # a shape is rendered, but may hold answers and dates otherwise: kept 10 minutes, like a page.
    "parts": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "parts",
        "OPTIONS": {"MAX_ENTRIES": env_int("PARTS_CACHE_ENTRIES", 6000)},  # cards ~2 to 9 KB, own parts ~0.5 KB
    },
    # "shapes" keeps a result page rendered once per shape (liability/shapes.py): the page with
    # its dates, days left and answers masked, for everyone in the same situation whose dates
    # fall in the same order. No answers, no dates; kept 10 minutes, like a page.
    "shapes": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "shapes",
        "OPTIONS": {"MAX_ENTRIES": env_int("SHAPE_CACHE_ENTRIES", 3000)},  # ~10 to 20 KB each, compressed
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at /..., Spanish at /es/... (liability/urls.py). The catalog lives in the package,
# liability/locale/es/LC_MESSAGES/django.po, so the wheel and the image carry it; the .mo is
# compiled from it by make, CI and the image (README: Translating the interface).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "liability" / "locale"]
FORMAT_MODULE_PATH = ["liability.formats"]  # English DATE_FORMAT in full; see liability/formats/en
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# liability/static, found as an app's: the wheel carries it.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))  # where collectstatic writes
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# No third-party origins at all: scripts, styles, fonts and images come from us.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# A shared result's address is private: never send it to the sites we link to.
# ("no-referrer" would also make browsers send "Origin: null" and fail CSRF checks.)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Behind a TLS-terminating proxy (docker-compose.yml documents it), set HTTPS=true.
# The proxy must set X-Forwarded-Proto itself (overwriting any a client sent).
if env_flag("HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    # The proxy should already send plain HTTP to HTTPS; redirecting here too means a
    # proxy that forwards plain HTTP by mistake still never serves a page (or a cookie) over it.
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    # Subdomains too: only names under the host that serves Recourse (recourse.example.org
    # covers *.recourse.example.org), which have no business serving plain HTTP either.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is opt-in (HSTS_PRELOAD=true): a preload list entry covers the whole
    # registered domain, and taking it back takes months. hstspreload.org asks projects
    # that others deploy never to turn it on by default, so its check (W021) is silenced.
    SECURE_HSTS_PRELOAD = env_flag("HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS += ["security.W021"]

SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "liability.sessions"  # database sessions that ignore tampered keys
# Large forms are never legitimate here; refuse them early rather than parse them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# Saving a result writes a row, so one client may save at most SHARE_LIMIT results per
# SHARE_LIMIT_WINDOW seconds. The count lives in the database (ShareThrottle), shared by
# every app server, under a keyed digest of the client's address, never the address.
SHARE_LIMIT = env_int("SHARE_LIMIT", 20)
SHARE_LIMIT_WINDOW = env_int("SHARE_LIMIT_WINDOW", 3600)
# A result nobody has asked for lately is rendered from scratch (several ms of a core);
# one client may have RESULT_LIMIT of them per RESULT_LIMIT_WINDOW seconds from each app
# server process, then gets a 429 page. Generous: a person makes a few a minute, and a
# legal-aid office behind one address a few dozen. 0 turns the limit off.
RESULT_LIMIT = env_int("RESULT_LIMIT", 120)
RESULT_LIMIT_WINDOW = env_int("RESULT_LIMIT_WINDOW", 60)
# Behind a proxy every request comes from the proxy's address. Name the proxies (their
# addresses or networks, comma-separated): X-Forwarded-For is believed only on requests
# that come from one of them, and only as far as they wrote it (liability/clients.py).
# Empty: the connection's address is the client's, and X-Forwarded-For is ignored.
TRUSTED_PROXIES = trusted_proxies(os.environ.get("TRUSTED_PROXIES", ""))
if os.environ.get("CLIENT_IP_HEADER"):
    raise ImproperlyConfigured(
        "CLIENT_IP_HEADER is no longer read: it let any client that reached the app directly choose its own "
        "address. Remove it and set TRUSTED_PROXIES to your proxies' addresses (e.g. TRUSTED_PROXIES=172.30.14.2); "
        "X-Forwarded-For is then read only on requests from them."
    )

# Nothing personal in the logs: share ids become /s/…/, query strings and addresses go
# (liability/logs.py). Django's own loggers ("Not Found: /s/<id>/") write through the
# same redacting handler, never the default one.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "liability.logs.Redact"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING"), "propagate": False}
    },
}
