#!/usr/bin/env python3
"""Build the sample database from source with real Django: `python build_db.py OUT`.

1. Django's own migrations for sample-db/models.py (schema.py's `migrate`:
   `makemigrations` into a temporary package + `migrate`),
2. the rows of sample-db/data.sql,
3. the view of sample-db/publisher_stats_view.sql (the unmanaged
   PublisherStats model reads it).

`regen` uses this when `cargo run -- export-db` is not available; it is also a
cross-check of the database that ormlab bundles (same schema, same rows).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SAMPLE_DB = os.path.join(REPO, "sample-db")
sys.path.insert(0, HERE)


def split_statements(sql):
    """Split a script into complete statements (sqlite3.complete_statement)."""
    import sqlite3

    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf
            buf = ""
    if buf.strip() and not all(
        l.strip().startswith("--") or not l.strip() for l in buf.splitlines()
    ):
        raise SystemExit(f"build_db.py: incomplete SQL statement at the end: {buf[:200]!r}")


def build(out):
    import schema  # helper module next to this file: runs Django's migrate

    out = os.path.abspath(out)
    schema.migrate(out)

    from django.db import connections

    connections.close_all()

    import sqlite3  # pysqlite3 after bootstrap.setup()

    con = sqlite3.connect(out, isolation_level=None)
    try:
        # One transaction for all the rows (autocommit would sync every INSERT).
        con.execute("BEGIN")
        for name in ("data.sql", "publisher_stats_view.sql"):
            path = os.path.join(SAMPLE_DB, name)
            with open(path, encoding="utf-8") as f:
                sql = f.read()
            cur = con.cursor()
            for stmt in split_statements(sql):
                cur.execute(stmt)
        con.execute("COMMIT")
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise SystemExit(f"build_db.py: foreign key violations: {problems[:10]}")
        con.execute("VACUUM")
    finally:
        con.close()


def main():
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        raise SystemExit("usage: python build_db.py OUT.sqlite3")
    build(sys.argv[1])


if __name__ == "__main__":
    main()
