#!/usr/bin/env python3
"""Create the bookstore schema with real Django and write the schema goldens.

Makes a fresh, empty SQLite file, runs Django's own `makemigrations bookstore`
into a temporary migrations package (via MIGRATION_MODULES; nothing is
committed), runs `migrate bookstore`, and writes

* the schema: one line per `sqlite_master` row of type table/index that
  belongs to a `bookstore_` table, sorted by name:

      type|name|tbl_name|sql

  Rows are selected by `tbl_name`, so besides every `bookstore_*` table and
  index this also lists the named index `book_pubdate_idx` and SQLite's
  `sqlite_autoindex_bookstore_*` rows (whose sql is NULL, written empty).
  The unmanaged PublisherStats view is not created by migrate.

* the output of `sqlmigrate bookstore 0001`.

Usage (from anywhere; needs Django 5.2.19 and pysqlite3-binary):

    python schema.py                        # rewrite tests/golden/schema.txt and sqlmigrate.sql
    python schema.py --db out.sqlite3       # ... and keep the migrated empty database
    python schema.py --sqlmigrate F.sql     # sqlmigrate to F.sql, schema to stdout (what regen does)
    python schema.py --schema F.txt         # schema to F.txt ("-" for stdout), sqlmigrate not written

As a module: `migrate(db_path)` creates a migrated database (build_db.py uses it).
"""

import argparse
import io
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(REPO, "tests", "golden")
sys.path.insert(0, os.path.join(HERE, "djproject"))

import bootstrap  # noqa: E402

MIGRATIONS_PACKAGE = "ormlab_tmp_migrations"


def migrate(db_path, with_sqlmigrate=False):
    """Create `db_path` (replacing any file there) with Django's migrations for bookstore.

    Returns the text of `sqlmigrate bookstore 0001` if `with_sqlmigrate`, else None."""
    db_path = os.path.abspath(db_path)
    if os.path.exists(db_path):
        os.remove(db_path)
    tmp = tempfile.mkdtemp(prefix="ormlab-migrations-")
    try:
        pkg = os.path.join(tmp, MIGRATIONS_PACKAGE)
        os.makedirs(pkg)
        open(os.path.join(pkg, "__init__.py"), "w").close()
        sys.path.insert(0, tmp)

        bootstrap.setup(db_path, migrations_module=MIGRATIONS_PACKAGE)
        from django.core.management import call_command

        call_command("makemigrations", "bookstore", verbosity=0, interactive=False)
        call_command("migrate", "bookstore", verbosity=0, interactive=False)
        sql = None
        if with_sqlmigrate:
            buf = io.StringIO()
            call_command("sqlmigrate", "bookstore", "0001", stdout=buf, no_color=True)
            sql = buf.getvalue()
        from django.db import connections

        connections.close_all()
        return sql
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def schema_lines(db_path):
    """`type|name|tbl_name|sql` for the bookstore tables and their indexes, sorted by name."""
    import sqlite3  # pysqlite3 after bootstrap.setup()

    con = sqlite3.connect(db_path)
    try:
        rows = con.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master"
            " WHERE type IN ('table', 'index') AND tbl_name LIKE 'bookstore\\_%' ESCAPE '\\'"
            " ORDER BY name"
        ).fetchall()
    finally:
        con.close()
    return [f"{type_}|{name}|{tbl}|{sql or ''}" for type_, name, tbl, sql in rows]


def write(path, text):
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="also keep the migrated empty database at this path")
    ap.add_argument("--schema", help='write the schema lines here ("-" = stdout)')
    ap.add_argument("--sqlmigrate", help="write `sqlmigrate bookstore 0001` here")
    args = ap.parse_args()

    schema_out, sqlmigrate_out = args.schema, args.sqlmigrate
    if schema_out is None and sqlmigrate_out is None:
        schema_out = os.path.join(GOLDEN, "schema.txt")
        sqlmigrate_out = os.path.join(GOLDEN, "sqlmigrate.sql")
    elif schema_out is None:
        schema_out = "-"

    tmp = None
    if args.db:
        db_path = os.path.abspath(args.db)
    else:
        tmp = tempfile.mkdtemp(prefix="ormlab-db-")
        db_path = os.path.join(tmp, "schema.sqlite3")
    try:
        sql = migrate(db_path, with_sqlmigrate=sqlmigrate_out is not None)
        if sqlmigrate_out is not None:
            write(sqlmigrate_out, sql)
        write(schema_out, "".join(line + "\n" for line in schema_lines(db_path)))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    for path in (schema_out, sqlmigrate_out):
        if path not in (None, "-"):
            print(f"schema.py: wrote {os.path.relpath(path)}", file=sys.stderr)


if __name__ == "__main__":
    main()
