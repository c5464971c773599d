"""Minimal Django settings for loading the `bookstore` sample app."""

import os

SECRET_KEY = "ormlab-oracle-not-secret"
DEBUG = True
INSTALLED_APPS = ["bookstore"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("ORMLAB_DB", ":memory:"),
    }
}

# schema.py points this at a temporary package so no migrations are committed.
_migrations = os.environ.get("ORMLAB_MIGRATIONS_MODULE")
MIGRATION_MODULES = {"bookstore": _migrations} if _migrations else {}
