"""Settings for the test suite: the real settings plus speed-ups for tests only."""

import os

os.environ.setdefault("PRAEVNAV_ALLOW_INSECURE_KEY", "true")

from praevnav.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Static files are served by the live server in browser tests.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
