"""Settings of the storefront (port 9002): no database of its own, only a cache and both peers' APIs."""

from cityos.platform import conf
from cityos.platform.django_defaults import (  # noqa: F401  (settings are read by name)
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

CITYOS_SERVICE = "storefront"
SECRET_KEY = conf.secret_key(CITYOS_SERVICE)
DEBUG = conf.debug()
conf.check_production(CITYOS_SERVICE, secret=SECRET_KEY, debug_enabled=DEBUG)

# HSTS, Secure cookies and the proxy header in production (platform/conf.py).
globals().update(conf.production_security())

ALLOWED_HOSTS = conf.env_list("CITYOS_ALLOWED_HOSTS", "*")
ROOT_URLCONF = "cityos.storefront.urls"
WSGI_APPLICATION = "cityos.storefront.wsgi.application"
ASGI_APPLICATION = "cityos.storefront.asgi.application"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "cityos.storefront",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
TEMPLATES = [
    {
        **TEMPLATES[0],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["cityos.storefront.templatetags.shop"],
        },
    }
]

DATABASES: dict = {}
CACHES = conf.caches(CITYOS_SERVICE)
HUEY = conf.huey(CITYOS_SERVICE)
LOGGING = conf.logging_config()
STATIC_ROOT = conf.static_root(CITYOS_SERVICE)

COMMERCE_URL = conf.service_url("commerce")
CONTENT_URL = conf.service_url("content")

# Upstream answers are fresh this long, then kept this much longer for outages (upstream.py).
STOREFRONT_CACHE_SECONDS = int(conf.env("CITYOS_STOREFRONT_CACHE_SECONDS", "30"))
STOREFRONT_STALE_SECONDS = int(conf.env("CITYOS_STOREFRONT_STALE_SECONDS", "86400"))
STOREFRONT_UPSTREAM_TIMEOUT = float(conf.env("CITYOS_STOREFRONT_UPSTREAM_TIMEOUT", "3"))
STOREFRONT_CART_DAYS = 30
