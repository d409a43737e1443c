"""Settings of the commerce service (port 9001): Django admin at ``/app``, OpenAPI docs at ``/docs``."""

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

CITYOS_SERVICE = "commerce"
SECRET_KEY = conf.secret_key(CITYOS_SERVICE)
DEBUG = conf.debug()
JWT_SECRET = conf.env("COMMERCE_JWT_SECRET", SECRET_KEY)
conf.check_production(
    CITYOS_SERVICE, secret=SECRET_KEY, debug_enabled=DEBUG, extra={"COMMERCE_JWT_SECRET": JWT_SECRET}
)

# HSTS, Secure cookies and the proxy header in production (platform/conf.py).
globals().update(conf.production_security())

ALLOWED_HOSTS = conf.env_list("CITYOS_ALLOWED_HOSTS", "*")
CSRF_TRUSTED_ORIGINS = conf.env_list("CITYOS_CSRF_TRUSTED_ORIGINS")
ROOT_URLCONF = "cityos.commerce.urls"
WSGI_APPLICATION = "cityos.commerce.wsgi.application"
AUTH_USER_MODEL = "users.User"
LOGIN_URL = "/app/login/"

INSTALLED_APPS = [
    *BASE_APPS,
    "cityos.commerce",
    "cityos.commerce.users",
    "cityos.commerce.tenants",
    "cityos.commerce.regions",
    "cityos.commerce.catalog",
    "cityos.commerce.pricing",
    "cityos.commerce.inventory",
    "cityos.commerce.customers",
    "cityos.commerce.fulfillment",
    "cityos.commerce.promotions",
    "cityos.commerce.payments",
    "cityos.commerce.carts",
    "cityos.commerce.orders",
    "cityos.platform.events",
]
# A write request is one transaction: a refused one (4xx/5xx) leaves nothing half-written.
MIDDLEWARE = [*BASE_MIDDLEWARE, "cityos.platform.middleware.AtomicWritesMiddleware"]

# Sign-in routes the throttle watches (platform/throttle.py): a wrong password answers 401 (api) or the
# form again (form); registrations are counted per address.
CITYOS_SIGN_IN_PATHS = {
    "/auth/user/emailpass": "api", "/auth/customer/emailpass": "api",
    "/auth/customer/emailpass/register": "register",
    "/app/login/": "form",
}  # fmt: skip
# Reverse proxies whose X-Forwarded-For names the client (the throttle's address), comma separated.
CITYOS_TRUSTED_PROXIES = conf.env_list("CITYOS_TRUSTED_PROXIES")
CITYOS_ERROR_SHAPE = "medusa"

# Medusa's CORS settings: comma-separated origins per route family, with credentials.
CITYOS_CORS = {
    "/store/": conf.env_list("STORE_CORS"),
    "/admin/": conf.env_list("ADMIN_CORS"),
    "/auth/": conf.env_list("AUTH_CORS"),
}

DATABASES = {"default": conf.database(CITYOS_SERVICE)}
CACHES = conf.caches(CITYOS_SERVICE)
# The whsec_ secret the peer service signs its webhooks with (cityos run makes one on first start).
CITYOS_SYNC_SECRET = conf.env("CITYOS_SYNC_SECRET")
# Seconds between webhook retries (comma separated); the default spans about 25 hours.
CITYOS_WEBHOOK_RETRY_SCHEDULE = conf.retry_schedule()
# Seconds a worker holds a delivery it is sending; a worker that dies mid-send loses it after that.
CITYOS_WEBHOOK_LEASE_SECONDS = int(conf.env("CITYOS_WEBHOOK_LEASE_SECONDS", "60"))
# Store answers are cached per tenant version (see store_cache.py); 0 turns the cache off.
STORE_CACHE_SECONDS = int(conf.env("CITYOS_STORE_CACHE_SECONDS", "30"))
HUEY = conf.huey(CITYOS_SERVICE)
LOGGING = conf.logging_config()
STATIC_ROOT = conf.static_root(CITYOS_SERVICE)

CONTENT_URL = conf.service_url("content")
STOREFRONT_URL = conf.service_url("storefront")
