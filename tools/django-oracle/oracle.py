#!/usr/bin/env python3
"""The differential-testing oracle of ormlab: real Django 5.2 on a SQLite file.

    python oracle.py --db PATH [--workdir DIR] FILE      # FILE "-" reads stdin

Reads FILE the way `ormlab batch --json FILE` does, evaluates every input
line with real Django (djproject/bootstrap.py, the `bookstore` app) on a
temporary COPY of the database at PATH (PATH itself is never opened for
writing), and prints one JSON object per input, exactly as
/work/shared/spec/json-output.md ("Machine-readable output") describes:

    {"input": ..., "queries": [...], "result": VALUE|null, "stdout": ..., "error": null|{...}}

See README.md for the normalisation rules.
"""

import argparse
import builtins
import collections
import datetime as _dt
import decimal
import io
import json
import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DJPROJECT = os.path.join(HERE, "djproject")

# Django's shell shows at most 20 items of a QuerySet and fetches one more.
REPR_OUTPUT_SIZE = 20

# Savepoint ids are "s<thread ident>_x<counter>"; the thread ident differs run to run.
SAVEPOINT_RE = re.compile(r'"s\d+_x(\d+)"')


def ensure_hash_seed():
    """Re-exec with PYTHONHASHSEED=0 so reprs of str sets/frozensets are stable."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        sys.stdout.flush()
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)


# --- the database copy ----------------------------------------------------------


def copy_database(src, workdir):
    """Copy `src` into a fresh directory (inside `workdir` if given); return the copy's path.

    Uses SQLite's backup API on a read-only connection, so a database in WAL mode
    is copied completely and the original is never written."""
    if not os.path.isfile(src):
        raise SystemExit(f"oracle.py: no such database file: {src}")
    tmpdir = tempfile.mkdtemp(prefix="ormlab-oracle-", dir=workdir)
    dst = os.path.join(tmpdir, os.path.basename(src) or "db.sqlite3")
    sys.path.insert(0, DJPROJECT)
    import bootstrap

    bootstrap.use_pysqlite3()
    import sqlite3  # pysqlite3 now

    uri = "file:" + os.path.abspath(src).replace("?", "%3f").replace("#", "%23") + "?mode=ro"
    s = sqlite3.connect(uri, uri=True)
    d = sqlite3.connect(dst)
    try:
        s.backup(d)
    finally:
        d.close()
        s.close()
    return tmpdir, dst


# --- query capture --------------------------------------------------------------


class RecordingLog(collections.deque):
    """connection.queries_log that also keeps every entry appended since `start()`.

    Django appends one dict per statement it logs in debug mode (cursor
    execute/executemany through CursorDebugWrapper, and BEGIN/COMMIT/ROLLBACK
    through utils.debug_transaction).  Keeping our own list makes the capture
    immune to the input calling reset_queries() or to the 9000-entry maxlen."""

    def start(self):
        self.captured = []

    def append(self, entry):
        cap = getattr(self, "captured", None)
        if cap is not None:
            cap.append(entry)
        super().append(entry)

    def take(self):
        cap, self.captured = getattr(self, "captured", None) or [], None
        return [SAVEPOINT_RE.sub(r'"s_x\1"', e["sql"]) for e in cap]


# --- VALUE encoding --------------------------------------------------------------


class Encoder:
    def __init__(self, Model, QuerySet):
        self.Model = Model
        self.QuerySet = QuerySet
        self.path = set()

    def __call__(self, v):
        if v is None or v is True or v is False:
            return v
        if isinstance(v, bool):  # (bool cannot be subclassed; kept for clarity)
            return bool(v)
        if isinstance(v, int):
            return int.__int__(v)
        if isinstance(v, float):
            return float.__float__(v)
        if isinstance(v, str):
            return str.__str__(v)
        if isinstance(v, decimal.Decimal):
            return {"$decimal": str(v)}
        if isinstance(v, _dt.datetime):
            return {"$datetime": v.isoformat()}
        if isinstance(v, _dt.date):
            return {"$date": v.isoformat()}
        if isinstance(v, _dt.time):
            return {"$time": v.isoformat()}
        if isinstance(v, _dt.timedelta):
            return {"$timedelta": v.total_seconds()}
        if isinstance(v, self.QuerySet):
            data = list(v[: REPR_OUTPUT_SIZE + 1])
            return {
                "$queryset": [self(x) for x in data[:REPR_OUTPUT_SIZE]],
                "truncated": len(data) > REPR_OUTPUT_SIZE,
            }
        if isinstance(v, (list, tuple, dict, self.Model)):
            key = id(v)
            if key in self.path:
                raise ValueError("Circular reference detected")
            self.path.add(key)
            try:
                if isinstance(v, dict):
                    return {str(k): self(x) for k, x in v.items()}
                if isinstance(v, self.Model):
                    return self.model(v)
                return [self(x) for x in v]
            finally:
                self.path.discard(key)
        return {"$repr": repr(v)}

    def model(self, obj):
        d = obj.__dict__
        fields = {}
        attnames = set()
        for f in obj._meta.concrete_fields:
            attnames.add(f.attname)
            if f.attname in d:  # deferred fields are not in __dict__
                fields[f.attname] = self(d[f.attname])
        for name, value in list(d.items()):
            if name.startswith("_") or name in attnames:
                continue
            fields[name] = self(value)
        pk = self(obj.pk)
        return {"$model": obj._meta.label, "pk": pk, "str": str(obj), "fields": fields}


# --- the session ----------------------------------------------------------------


def make_namespace():
    """The names a Django shell user has after the usual imports (spec order)."""
    from django.apps import apps

    ns = {}
    for model in apps.get_app_config("bookstore").get_models():
        ns[model.__name__] = model
    exec("from django.db.models import *", ns)
    exec("from django.db.models.functions import *", ns)
    from django.core.paginator import Paginator
    from django.db import connection, models, transaction
    from django.utils import timezone

    ns.update(
        models=models,
        transaction=transaction,
        connection=connection,
        Decimal=decimal.Decimal,
        date=_dt.date,
        datetime=_dt.datetime,
        time=_dt.time,
        timedelta=_dt.timedelta,
        timezone=timezone,
        Paginator=Paginator,
    )
    return ns


def read_inputs(path):
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
    text = data.decode("utf-8")
    for line in text.split("\n"):
        if line.endswith("\r"):
            line = line[:-1]
        if not line.strip() or line.startswith("#"):
            continue
        yield line


def run(inputs, out):
    from django.db import connection
    from django.db.models import Model, QuerySet

    # settings.DEBUG = True already makes Django log every statement
    # (BaseDatabaseWrapper.queries_logged); force_debug_cursor keeps it so even
    # if an input flips settings.DEBUG.
    connection.force_debug_cursor = True
    log = RecordingLog(maxlen=connection.queries_limit)
    connection.queries_log = log
    ns = make_namespace()
    encode = Encoder(Model, QuerySet)
    real_stdout, real_stdin = sys.stdout, sys.stdin

    for line in inputs:
        buf = io.StringIO()
        result = None
        error = None
        log.start()
        sys.stdout, sys.stdin = buf, io.StringIO()
        try:
            try:
                code = compile(line, "<console>", "eval", dont_inherit=True)
            except SyntaxError:
                code = compile(line, "<console>", "exec", dont_inherit=True)
                exec(code, ns)
            else:
                value = eval(code, ns)
                # Displaying the value is part of the input (LIMIT 21, deferred loads).
                result = encode(value)
        except BaseException as e:  # SystemExit and KeyboardInterrupt included
            result = None
            error = {"type": type(e).__qualname__, "message": str(e)}
        finally:
            encode.path.clear()
            sys.stdout, sys.stdin = real_stdout, real_stdin
        obj = {
            "input": line,
            "queries": log.take(),
            "result": result,
            "stdout": buf.getvalue(),
            "error": error,
        }
        out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
        out.flush()


def main():
    ap = argparse.ArgumentParser(description="Run ormlab inputs through real Django; print JSON Lines.")
    ap.add_argument("--db", required=True, help="SQLite database file (copied; never modified)")
    ap.add_argument("--workdir", help="directory for the temporary copy (default: the system temp dir)")
    ap.add_argument("file", metavar="FILE", help='input file, one input per line ("-" for stdin)')
    args = ap.parse_args()

    ensure_hash_seed()
    inputs = list(read_inputs(args.file))
    tmpdir, db_copy = copy_database(args.db, args.workdir)
    try:
        import bootstrap

        bootstrap.setup(db_copy)
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
        run(inputs, sys.stdout)
        from django.db import connections

        connections.close_all()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    main()
