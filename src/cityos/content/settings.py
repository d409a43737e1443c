"""Settings of the content service (port 3001): Wagtail admin at ``/admin``, OpenAPI docs at ``/api-docs``."""

from cityos.platform import conf
from cityos.platform.django_defaults import (  # noqa: F401  (settings are read by name)
    AUTH_PASSWORD_VALIDATORS,
    BASE_APPS,
    BASE_MIDDLEWARE,
    CORS_ALLOW_CREDENTIALS,
    CORS_ALLOWED_ORIGINS,
    CORS_EXPOSE_HEADERS,
    DATA_UPLOAD_MAX_MEMORY_SIZE,
    DEFAULT_AUTO_FIELD,
    LANGUAGE_CODE,
    SECURE_CONTENT_TYPE_NOSNIFF,
    STATIC_URL,
    STORAGES,
    TEMPLATES,
    TIME_ZONE,
    USE_I18N,
    USE_TZ,
    WHITENOISE_AUTOREFRESH,
    WHITENOISE_USE_FINDERS,
    X_FRAME_OPTIONS,
)

CITYOS_SERVICE = "content"
SECRET_KEY = conf.secret_key(CITYOS_SERVICE)
DEBUG = conf.debug()
JWT_SECRET = conf.env("CONTENT_JWT_SECRET", SECRET_KEY)
conf.check_production(
    CITYOS_SERVICE, secret=SECRET_KEY, debug_enabled=DEBUG, extra={"CONTENT_JWT_SECRET": JWT_SECRET}
)

# HSTS, Secure cookies and the proxy header in production (platform/conf.py).
globals().update(conf.production_security())

ALLOWED_HOSTS = conf.env_list("CITYOS_ALLOWED_HOSTS", "*")
CSRF_TRUSTED_ORIGINS = conf.env_list("CITYOS_CSRF_TRUSTED_ORIGINS")
ROOT_URLCONF = "cityos.content.urls"
WSGI_APPLICATION = "cityos.content.wsgi.application"
AUTH_USER_MODEL = "users.User"
LOGIN_URL = "wagtailadmin_login"

INSTALLED_APPS = [
    "cityos.content",
    "cityos.content.users",
    "cityos.content.tenants",
    "cityos.content.catalog",
    "cityos.content.pages",
    "cityos.content.editorial",
    "cityos.platform.events",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "cityos.content.library",  # after wagtail.images: see LibraryConfig
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    *BASE_APPS,
]
# A write request is one transaction, the Wagtail admin's included, so a change and its event (emitted
# from model signals, see announcements.py) commit together.
MIDDLEWARE = [
    *BASE_MIDDLEWARE,
    "cityos.platform.middleware.AtomicWritesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Sign-in routes the throttle watches (platform/throttle.py).
CITYOS_SIGN_IN_PATHS = {"/api/users/login": "api", "/admin/login/": "form"}
# Reverse proxies whose X-Forwarded-For names the client (the throttle's address), comma separated.
CITYOS_TRUSTED_PROXIES = conf.env_list("CITYOS_TRUSTED_PROXIES")
CITYOS_ERROR_SHAPE = "payload"

# Origins allowed to call content's API from a browser (comma separated), with credentials.
CITYOS_CORS = {"/api/": conf.env_list("CONTENT_CORS")}

DATABASES = {"default": conf.database(CITYOS_SERVICE)}
CACHES = conf.caches(CITYOS_SERVICE)
# The whsec_ secret the peer service signs its webhooks with (cityos run makes one on first start).
CITYOS_SYNC_SECRET = conf.env("CITYOS_SYNC_SECRET")
# Seconds between webhook retries (comma separated); the default spans about 25 hours.
CITYOS_WEBHOOK_RETRY_SCHEDULE = conf.retry_schedule()
# Seconds a worker holds a delivery it is sending; a worker that dies mid-send loses it after that.
CITYOS_WEBHOOK_LEASE_SECONDS = int(conf.env("CITYOS_WEBHOOK_LEASE_SECONDS", "60"))
# Anonymous API answers are cached per content version (the latest outbox event); 0 turns it off.
CONTENT_CACHE_SECONDS = int(conf.env("CITYOS_CONTENT_CACHE_SECONDS", "30"))
HUEY = conf.huey(CITYOS_SERVICE)
LOGGING = conf.logging_config()
STATIC_ROOT = conf.static_root(CITYOS_SERVICE)
MEDIA_ROOT = str(conf.var_dir() / "media" / CITYOS_SERVICE)
# Where links to uploads point; files are always served at /media/ too. An absolute URL on another
# origin (a CDN, or a cookieless host proxying to /media/) keeps uploads off the admin's origin.
MEDIA_URL = conf.media_url()

WAGTAIL_SITE_NAME = "cityos content"
WAGTAILADMIN_BASE_URL = conf.service_url("content")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_MODEL = "library.MediaImage"
WAGTAILDOCS_DOCUMENT_MODEL = "library.MediaDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cityos.content.tenants.permissions.TenantDocumentForm"
CITYOS_MAX_DOCUMENT_SIZE = 20 * 1000 * 1000
WAGTAILIMAGES_IMAGE_FORM_BASE = "cityos.content.tenants.permissions.TenantImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1000 * 1000
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40 * 1000 * 1000  # decompression bombs are refused before decoding
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # raster only: never SVG
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []  # every document is served as a download
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

COMMERCE_URL = conf.service_url("commerce")
STOREFRONT_URL = conf.service_url("storefront")
