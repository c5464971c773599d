#!/usr/bin/env python3
"""Django's side of the speed comparison in README "Speed": per input, real Django 5.2 timed on
the same golden inputs the `pipeline` benchmark uses (those that evaluate to a QuerySet).

    python timing.py --db sample-db/bookstore.sqlite3 [--reps N]

- text to SQL: compile the input, evaluate it to a QuerySet, compile its SQL
  (`qs.query.sql_with_params()`); nothing runs.
- full evaluation: compile and evaluate the input, then repr() the value as the shell does
  (which runs the query, LIMIT 21, and builds the instances), with DEBUG query logging on.

Prints the median, 90th percentile and mean of the per-input times (each the mean of N runs).
"""

import argparse
import glob
import os
import shutil
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import oracle  # noqa: E402  (the oracle's database copy and namespace)


def golden_lines(root):
    """The pipeline benchmark's candidates: non-blank, non-comment lines, minus bare assignments."""
    for path in sorted(glob.glob(os.path.join(root, "tests", "golden", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for line in f.read().splitlines():
                if not line.strip() or line.startswith("#"):
                    continue
                if "=" in line and "(" not in line:
                    continue
                yield line


def per_input(lines, ns, reps, work):
    times = []
    for line in lines:
        code = compile(line, "<console>", "eval", dont_inherit=True)
        try:
            for _ in range(reps // 10 + 1):
                work(code, ns)
        except Exception:  # depends on rows another input changed: not timed
            continue
        start = time.perf_counter()
        for _ in range(reps):
            work(code, ns)
        times.append((time.perf_counter() - start) / reps)
    return times


def show(name, times):
    t = sorted(times)
    at = lambda q: t[round((len(t) - 1) * q)]  # noqa: E731
    print(
        f"{name}: median {at(0.5) * 1e6:.1f} µs, p90 {at(0.9) * 1e6:.1f} µs, "
        f"mean {statistics.mean(t) * 1e6:.1f} µs over {len(t)} inputs"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--reps", type=int, default=50)
    args = ap.parse_args()
    root = os.path.abspath(os.path.join(HERE, "..", ".."))
    tmpdir, db_copy = oracle.copy_database(args.db, None)
    _, pristine = oracle.copy_database(args.db, None)
    import bootstrap

    bootstrap.setup(db_copy)
    from django.db import connection
    from django.db.models import QuerySet

    connection.force_debug_cursor = True
    ns = oracle.make_namespace()
    lines = []
    for line in golden_lines(root):
        try:
            value = eval(compile(line, "<console>", "eval", dont_inherit=True), ns)
        except BaseException:  # statements, errors: not QuerySet inputs
            continue
        if isinstance(value, QuerySet):
            try:
                value.query.sql_with_params()
            except BaseException:  # EmptyResultSet and the like: no SQL to time
                continue
            lines.append(line)
    # Choosing the inputs ran every golden line, writes included: time them on the untouched data,
    # as the pipeline benchmark does (it chooses with one session and times with a fresh one).
    connection.close()
    shutil.copyfile(pristine, db_copy)

    def to_sql(code, ns):
        eval(code, ns).query.sql_with_params()

    def full(code, ns):
        repr(eval(code, ns))
        connection.queries_log.clear()

    show("text to SQL", per_input(lines, ns, args.reps, to_sql))
    show("full evaluation", per_input(lines, ns, max(args.reps // 5, 3), full))


if __name__ == "__main__":
    main()
