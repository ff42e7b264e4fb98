"""Settings shared by every environment. Configuration comes only from environment variables."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()
]
# Canonical origin used in QR codes, feeds and share links; never taken from the Host header.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

INSTALLED_APPS = [
    "website",
    "news",
    "editorial",
    "placenames",
    "comments",
    "qa",
    "captcha",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtailmedia",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

# Background work (docs/background-work.md): Wagtail's search and reference indexing, image focal
# points, CDN purges and our 智能问答 indexing are tasks. They are queued in the database and run by
# the worker (`manage.py db_worker`: started by `make run`, deploy/systemd/xcmz-worker.service), so
# publishing returns at once. The tests run them immediately (website.settings.test).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "website.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "website.pagecache.PageCacheMiddleware",
    "website.middleware.DatabaseUnavailableMiddleware",
    "website.middleware.SessionMiddleware",  # Django's, refusing malformed session cookies
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into website.lockout.lockout_response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "website.urls"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "website.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # django-redis rather than Django's own backend: with IGNORE_EXCEPTIONS a Redis outage makes
    # every cache read a miss (logged) instead of a 500, so pages are served uncached.
    # A circuit breaker (website/cache_breaker.py) makes a dead or hung Redis cost one short
    # timeout per BREAK_SECONDS and one warning, not a timeout and a traceback per call.
    _redis_options = {
        "CLIENT_CLASS": "website.cache_breaker.BreakerClient",
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 0.5,
        "SOCKET_TIMEOUT": 0.5,
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "xcmz",
            "TIMEOUT": 600,
            "OPTIONS": _redis_options,
        },
        "renditions": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "xcmz-r",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": _redis_options,
        },
    }
else:
    # Without Redis (`make run`, a single server) the cache is still shared by every process: the
    # scheduler's purge after a timed go-live must reach the web server, which a per-process
    # local-memory cache never did. Django's file-based cache needs no service and no table.
    CACHE_DIR = Path(os.environ.get("CACHE_DIR", BASE_DIR / "var" / "cache"))
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR / "default"),
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # Wagtail looks up image renditions in this cache before the database.
        "renditions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR / "renditions"),
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
USE_I18N = True
# Strings Wagtail's own zh_Hans catalogues lack (docs/admin-translations.md); merged over them.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Django serves uploaded files itself only under `make run` and in tests (dev.py, test.py); in
# production nginx serves /media/ and refuses /media/documents/ (deploy/nginx.conf).
SERVE_MEDIA = False

STORAGES = {
    "default": {"BACKEND": "website.storage.SafeFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "宣城市民政局"
WAGTAILADMIN_BASE_URL = SITE_URL or "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Chinese-aware admin search (qa/wagtail_search.py): the database backend with segmented text.
WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "qa.wagtail_search"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "doc", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "xls", "zip", "ofd", "wps"]
# Documents only through Wagtail's serve view (/documents/<id>/<name>), which checks collection
# view restrictions (login / password) before streaming the file; never a direct /media/ link.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Same bound as the works form (WORKS_IMAGE_MAX_PIXELS); Wagtail's default is 128 M pixels.
# placenames.apps also sets PIL.Image.MAX_IMAGE_PIXELS to this, so any decode anywhere warns
# above it and refuses (DecompressionBombError) above twice it.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: avatars would send editors' e-mail hashes abroad and stall the admin where
# gravatar.com is unreachable. Wagtail then shows its built-in default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True

# Visitors' view counting (news.views): user agents that never count as a person.
VIEW_COUNT_BOT_PATTERN = (
    r"bot|crawl|spider|slurp|baidu|sogou|yisou|bytespider|360spider|headless|python-requests|"
    r"curl|wget|httpclient|okhttp|go-http|java/|scrapy|phantomjs|facebookexternalhit|monitor|preview"
)
# A repeat view of the same page by the same browser within this many seconds is not counted again.
VIEW_COUNT_REPEAT_SECONDS = 30 * 60
# Counted views per address per window (an office or school behind one NAT address is many
# readers); beyond it the endpoint only reads the total.
VIEW_COUNT_RATE_LIMIT = (300, 600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Captcha (website/captcha.py): digits only, large enough to read, valid five minutes, one use.
CAPTCHA_CHALLENGE_FUNCT = "website.captcha.digits_challenge"
CAPTCHA_LENGTH = 4
CAPTCHA_FONT_SIZE = 34
CAPTCHA_IMAGE_SIZE = (120, 48)
CAPTCHA_TIMEOUT = 5
CAPTCHA_LETTER_ROTATION = (-20, 20)
CAPTCHA_NOISE_FUNCTIONS = ("captcha.helpers.noise_dots",)
# Expired captchas are deleted when a new one is made, at most once per this many seconds (shared
# cache), besides `manage.py captcha_clean` in deploy/cron (docs/captcha-and-rate-limits.md).
CAPTCHA_PURGE_SECONDS = 300

# Proxies in front of the app servers whose X-Forwarded-For is trusted (website/ratelimit.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Full-page cache for anonymous visitors (website/pagecache.py, docs/page-cache.md).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))  # our cache and CDNs (s-maxage)
PAGE_CACHE_BROWSER_SECONDS = 60
# Query parameters that change what a cached page shows; every other one is left out of the key.
PAGE_CACHE_QUERY_PARAMS = ("page", "county", "kind", "p")
PAGE_CACHE_EXCLUDE_PREFIXES = (
    "/admin/",
    "/views/",
    "/captcha/",
    "/comments/",
    "/qa/",
    "/search/",
    "/healthz",
    "/documents/",
    "/media/",
    "/static/",
)

# A CDN in front: when CDN_PURGE_URL is given (HTTP PURGE, e.g. Varnish or nginx
# proxy_cache_purge), website.pagecache.purge_paths purges it through Wagtail's frontend-cache
# backends, with the same paths as our own page cache. The wagtail.contrib.frontend_cache app is
# not installed: its publish handler would purge the page a second time.
if os.environ.get("CDN_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["CDN_PURGE_URL"],
        }
    }

# Content-Security-Policy (django-csp): no inline scripts anywhere on the public site.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Login lockout (django-axes, docs/captcha-and-rate-limits.md): every authenticate() call - the
# admin login, Wagtail's /_util/login/ for private pages, any other - goes through axes first.
# After LOGIN_MAX_FAILURES failures for one username from one address that pair is refused for
# LOGIN_LOCKOUT_MINUTES (a Chinese 429 page); the attempts are kept in the database.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
# Username and address together: an office behind one NAT address is not locked out by one
# colleague's typos, and nobody elsewhere can lock an editor out by guessing from afar.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "website.lockout.axes_client_ip"  # honours TRUSTED_PROXY_COUNT
AXES_USERNAME_CALLABLE = "website.lockout.axes_username"  # cut to the 255 characters axes stores
AXES_HANDLER = "website.lockout.AxesHandler"  # axes' database handler, NUL bytes out of stored headers
AXES_LOCKOUT_CALLABLE = "website.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # no django.contrib.admin here: unlocking is in the Wagtail admin
AXES_VERBOSE = False  # no "AXES: BEGIN" line at the start of every cron job

# Uploads: a request body above this is refused before it is read (works form has its own limits).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# 红色地名 works (placenames): short videos are wagtailmedia media; limits of the public form.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "wagtailmedia.Media",
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "aac"],
    "VIDEO_EXTENSIONS": ["mp4"],
}
WORKS_IMAGE_MAX_BYTES = 10 * 1024 * 1024
WORKS_VIDEO_MAX_BYTES = 100 * 1024 * 1024
# Whole-request caps (website.middleware.RequestSizeLimitMiddleware): public forms need little;
# the works form one file (WORKS_VIDEO_MAX_BYTES) plus fields; editors upload documents and media.
REQUEST_MAX_BYTES = 6 * 1024 * 1024
REQUEST_MAX_BYTES_BY_PREFIX = (
    ("/placenames/submit/", WORKS_VIDEO_MAX_BYTES + 1024 * 1024),
    ("/admin/", 110 * 1024 * 1024),
)
# Decoding costs width x height x bands bytes (a 7000x7000 RGB PNG of 156 KB is 147 MB decoded),
# so pictures are bounded by pixels, not bytes: 40 M pixels = 8000x5000, above the 24-48 MP of
# today's phone cameras' default output (docs/works-submission.md, issue 12.6).
WORKS_IMAGE_MAX_PIXELS = 40_000_000
# Uploaded pictures are decoded in a separate process (placenames/imagecheck.py) with this address
# space and wall-clock limit; the largest accepted picture peaks at ~175 MB there and takes ~1.5 s.
WORKS_IMAGE_DECODE_MEMORY = 512 * 1024 * 1024
WORKS_IMAGE_DECODE_TIMEOUT = 20
WORKS_RATE_LIMIT = (5, 600)  # at most 5 submissions per address in 10 minutes

# Citizen comments (comments app): at most this many comments per address per window (seconds).
COMMENTS_RATE_LIMIT = (5, 600)
# Attempts of any kind (wrong captcha included) per address per window, against captcha guessing.
COMMENTS_ATTEMPT_LIMIT = (30, 600)
# Reports (举报) per address per window.
COMMENTS_REPORT_RATE_LIMIT = (10, 600)
# Approved comments shown per page of the list.
COMMENTS_PER_PAGE = 20
# IP address and user agent of a comment are kept at least this many days: six calendar months
# are at most 184 days (July to December), so 184 always satisfies "at least six months".
COMMENTS_RECORD_DAYS = 184
# A page without a per-visitor CSRF token (the cached article) gets one from the comments script.
CSRF_FAILURE_VIEW = "website.views.csrf_failure"
