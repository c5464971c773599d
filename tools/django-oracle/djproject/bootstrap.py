"""Set up Django for the bookstore app, running on pysqlite3 (a recent SQLite).

Usage:
    sys.path.insert(0, "<repo>/tools/django-oracle/djproject")
    import bootstrap
    bootstrap.setup("/path/to/db.sqlite3")
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def use_pysqlite3():
    """Make `import sqlite3` return pysqlite3 (bundled SQLite 3.5x)."""
    import pysqlite3
    import pysqlite3.dbapi2

    # Django does `from sqlite3 import dbapi2`, so alias the package and its submodule.
    sys.modules["sqlite3"] = pysqlite3
    sys.modules["sqlite3.dbapi2"] = pysqlite3.dbapi2


def setup(db_path, migrations_module=None):
    """Point Django at `db_path` and call django.setup()."""
    use_pysqlite3()
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    os.environ["ORMLAB_DB"] = str(db_path)
    if migrations_module:
        os.environ["ORMLAB_MIGRATIONS_MODULE"] = migrations_module
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings"
    import django

    django.setup()
