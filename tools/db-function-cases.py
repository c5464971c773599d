#!/usr/bin/env python3
"""Expected results of Django's SQLite functions, for tests/db.rs.

Runs every case through pysqlite3 (SQLite 3.51) with Django 5.2's own functions registered
(django.db.backends.sqlite3._functions.register, plus its math helpers, which Django registers
only when SQLite lacks them, as ormlab's bundled SQLite does), and Django's
DatabaseOperations.last_executed_query. Prints JSON lines:

  {"sql": ..., "params": [v...], "expect": {"rows": [[v...]]} | {"error": {"kind", "message"}},
   "needs_tz": bool}
  {"leq": sql, "params": [v...], "expect": text}      # last_executed_query

"math": "django"|"sqlite" marks cases of the 18 math functions: Django registers its own only when
SQLite lacks them, so the test picks the set that matches the bundled SQLite. A value v is null, {"int": "12"}, {"real": "<16 hex digits of the IEEE bits>"},
{"text": "..."} or {"blob": "<hex>"}.

Usage: /work/.venv-oracle/bin/python tools/db-function-cases.py > tests/data/db_functions.jsonl
"""

import json
import random
import struct
import sys
import zlib

import pysqlite3
import pysqlite3.dbapi2

sys.modules["sqlite3"] = pysqlite3
sys.modules["sqlite3.dbapi2"] = pysqlite3.dbapi2

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    USE_TZ=True,
    TIME_ZONE="UTC",
)
django.setup()

from django.db import connection  # noqa: E402
from django.db.backends.sqlite3 import _functions as F  # noqa: E402

# Django on pysqlite3 (whose SQLite has ENABLE_MATH_FUNCTIONS) keeps SQLite's own math functions.
conn_sqlite_math = pysqlite3.dbapi2.connect(":memory:")
F.register(conn_sqlite_math)
conn = pysqlite3.dbapi2.connect(":memory:")
F.register(conn)
# Django's own math functions (registered by Django only without ENABLE_MATH_FUNCTIONS).
for name, n, fn in [
    ("ACOS", 1, F._sqlite_acos), ("ASIN", 1, F._sqlite_asin), ("ATAN", 1, F._sqlite_atan),
    ("ATAN2", 2, F._sqlite_atan2), ("CEILING", 1, F._sqlite_ceiling), ("COS", 1, F._sqlite_cos),
    ("DEGREES", 1, F._sqlite_degrees), ("EXP", 1, F._sqlite_exp), ("FLOOR", 1, F._sqlite_floor),
    ("LN", 1, F._sqlite_ln), ("LOG", 2, F._sqlite_log), ("MOD", 2, F._sqlite_mod),
    ("PI", 0, F._sqlite_pi), ("POWER", 2, F._sqlite_power), ("RADIANS", 1, F._sqlite_radians),
    ("SIN", 1, F._sqlite_sin), ("SQRT", 1, F._sqlite_sqrt), ("TAN", 1, F._sqlite_tan),
]:
    conn.create_function(name, n, fn, deterministic=True)


def enc(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return {"int": str(int(v))}
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"real": "%016x" % struct.unpack("<Q", struct.pack("<d", v))[0]}
    if isinstance(v, str):
        return {"text": v}
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {"blob": bytes(v).hex()}
    raise TypeError(repr(v))


NAMED_ZONES = set()


def needs_tz(params):
    return any(isinstance(p, str) and "/" in p and p in NAMED_ZONES for p in params)


out = sys.stdout


MATH = {"ACOS", "ASIN", "ATAN", "ATAN2", "CEILING", "COS", "DEGREES", "EXP", "FLOOR", "LN", "LOG",
        "MOD", "PI", "POWER", "RADIANS", "SIN", "SQRT", "TAN"}


def case(sql, params=(), db=None, math=None):
    params = list(params)
    if db is None and math is None:
        name = sql.split("(")[0].replace("SELECT ", "")
        if name in MATH:
            case(sql, params, conn, "django")
            case(sql, params, conn_sqlite_math, "sqlite")
            return
    db = db or conn
    try:
        rows = [list(map(enc, r)) for r in db.execute(sql, params).fetchall()]
        expect = {"rows": rows}
    except Exception as e:  # noqa: BLE001
        expect = {"error": {"kind": type(e).__name__, "message": str(e)}}
    line = {"sql": sql, "params": [enc(p) for p in params], "expect": expect}
    if needs_tz(params):
        line["needs_tz"] = True
    if math:
        line["math"] = math  # which math functions the expectation assumes
    out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")


def time_dependent(fn, args):
    """`timezone.localtime(None, zone)` is the current time: Django's code reaches it for a falsy
    datetime text with a time zone name and no connection time zone."""
    if not fn.startswith("django_date") or len(args) < 3:
        return False
    dt, tzname, conn_tzname = args[-3], args[-2], args[-1]
    return dt in ("", 0) and not conn_tzname and tzname is not None


def call(fn, *args):
    if time_dependent(fn, args):
        return
    case("SELECT %s(%s)" % (fn, ", ".join("?" * len(args))), args)


# --- dates and times ------------------------------------------------------------------------
DTS = [
    None, "", "2020-05-06", "2020-05-06 10:11:12", "2020-05-06 10:11:12.123",
    "2020-05-06 10:11:12.123456789", "2020-05-06 10:11:12+02:00", "2020-05-06 10:11:12-05",
    "2020-05-06T10:11:12", "2020-05-06 10:11", "2020-5-6 1:2:3", " 2020-05-06 10:11:12 ",
    "2020-02-30 00:00:00", "2020-13-01", "0001-01-01 00:00:00", "9999-12-31 23:59:59.999999",
    "2021-01-03 12:00:00", "2018-12-31 00:00:00", "2020-12-31 23:30:00", "abc",
    "2020-05-06 10:11:12.5.6", "x 10:11:12", "2020-05 10:11:12", 5, 0, 1.5, 0.0,
    b"2020-05-06 10:11:12", "2020-05-06 25:00:00", "99999999999-01-01 00:00:00",
    "2020-05-06 10:11:12 extra", "2020-05-06\t10:11:12", "10:11:12", "1_0:11:12",
    "2020-05-06 10:11:12.+1", "2020-05-06 1_0:11:12", "+2020-05-06 10:11:12",
    "2020-05-06 10:11:12:13", "2020-05-06-07 10:11:12", "2024-02-29 12:00:00",
    "2021-03-28 00:30:00", "2021-03-28 01:30:00", "2021-03-28 02:30:00",
    "2021-10-31 00:30:00", "2021-10-31 01:30:00", "2050-07-01 12:00:00", "2050-12-01 12:00:00",
    "1900-06-01 12:00:00", "9999-12-31 23:00:00", "0001-01-01 01:00:00", "2020-05-06 10:11:12.",
    "٢٠٢٠-05-06 10:11:12", "2020-05-06 10:11:12.1_2",
]
# The values crossed with every time zone pair.
DTS_TZ = [
    None, "", "2020-05-06", "2020-05-06 10:11:12.123", "2020-05-06 10:11:12+02:00",
    "0001-01-01 00:00:00", "9999-12-31 23:59:59.999999", "2021-01-03 12:00:00", "abc", 5, 0,
    "2020-05 10:11:12", "2021-03-28 01:30:00", "2021-03-28 02:30:00", "2021-10-31 00:30:00",
    "2021-10-31 01:30:00", "2050-07-01 12:00:00", "2050-12-01 12:00:00", "1900-06-01 12:00:00",
    "0001-01-01 01:00:00", "9999-12-31 23:00:00", "2020-12-31 23:30:00",
]
TZS = [
    (None, None), (None, "UTC"), ("UTC", "UTC"), ("Europe/Paris", "UTC"),
    ("America/New_York", "UTC"), ("UTC+03:00", "UTC"), ("UTC-05:30", "UTC"), ("+03:00", "UTC"),
    ("Asia/Kolkata", "UTC"), ("Nope/Zone", "UTC"), ("UTC", "Europe/Paris"),
    ("Australia/Lord_Howe", "UTC"), ("UTC", None), ("", "UTC"), ("UTC", ""),
    ("Europe/Paris", "Europe/Paris"), ("America/Sao_Paulo", "Europe/London"), ("UTC+0330", "UTC"),
    ("UTC+25:00", "UTC"), ("UTC+03", "UTC"), ("America/Port-au-Prince", "UTC"), (5, "UTC"),
    ("UTC", 5), ("Etc/GMT+3", "UTC"), ("../etc/passwd", "UTC"), ("/UTC", "UTC"),
]
NAMED_ZONES.update(z for pair in TZS for z in pair if isinstance(z, str) and "/" in z)
NAMED_ZONES.discard("../etc/passwd")
NAMED_ZONES.discard("/UTC")
EXTRACT = ["year", "month", "day", "week_day", "iso_week_day", "week", "quarter", "iso_year",
           "hour", "minute", "second", "microsecond", "fold", "tzinfo", "bogus", None, 5]
DTRUNC = ["year", "quarter", "month", "week", "day", "hour", "minute", "second", "bogus", None]

for dt in DTS:
    for lk in EXTRACT:
        call("django_date_extract", lk, dt)
for dt in DTS_TZ:
    for tz, ctz in TZS:
        for lk in ["hour", "week_day", "fold", "bogus"]:
            call("django_datetime_extract", lk, dt, tz, ctz)
for dt in DTS[:20]:
    for lk in EXTRACT:
        call("django_datetime_extract", lk, dt, "Europe/Paris", "UTC")
for dt in DTS:
    for lk in ["year", "quarter", "month", "week", "day", "bogus", None]:
        call("django_date_trunc", lk, dt, None, None)
for dt in DTS_TZ:
    for tz, ctz in TZS:
        call("django_date_trunc", "week", dt, tz, ctz)
        call("django_datetime_trunc", "hour", dt, tz, ctz)
        call("django_datetime_cast_date", dt, tz, ctz)
        call("django_datetime_cast_time", dt, tz, ctz)
for dt in DTS:
    for lk in DTRUNC:
        call("django_datetime_trunc", lk, dt, "UTC", "UTC")
        call("django_datetime_trunc", lk, dt, None, None)

TIMES = [None, "", "10:11:12", "10:11:12.5", "10:11:12.1234567", "10:11", "25:00:00",
         "23:59:59.999999", 5, 0, 0.0, 1.5, b"10:11:12", "2020-05-06 10:11:12", " 10: 11:12",
         "10:11:12:13", "-1:00:00", "10:11:12.5.6", "10:11:12.", "99999999999:00:00", "abc",
         "2020-05-06", "2020-05-06 10:11:12+02:00"]
for t in TIMES:
    for lk in ["hour", "minute", "second", "microsecond", "fold", "tzinfo", "year", "bogus", None, 5]:
        call("django_time_extract", lk, t)
    for lk in ["hour", "minute", "second", "bogus"]:
        for tz, ctz in [(None, None), ("UTC", "UTC"), ("Europe/Paris", "UTC"), (None, "UTC")]:
            call("django_time_trunc", lk, t, tz, ctz)
for a in TIMES:
    for b in ["10:00:00", "00:00:00.000001", None, "", "x", 5]:
        call("django_time_diff", a, b)
        call("django_time_diff", b, a)

STAMPS = [None, "", "2020-05-06", "2020-05-06 10:11:12", "2020-05-06 10:11:12.25",
          "2019-01-01 00:00:00", "0001-01-01 00:00:00", "9999-12-31 23:59:59.999999", "2020-05-07",
          "abc", 5, 1.5, b"x", "2020-05-06 10:11", "2020-02-30"]
for a in STAMPS:
    for b in STAMPS:
        call("django_timestamp_diff", a, b)

DELTA_OPS = [None, "", 0, -1, 86400000000, -86400000001, 123456789, 10**18, 2**63 - 1,
             -(2**63), 1.5, 0.0, "2020-05-06 10:11:12", "2020-05-06", "2020-05-06 10:11:12.5",
             "0001-01-01 00:00:00", "9999-12-31 23:59:59", "abc", b"x", "2020-05-06 10:11", "3"]
for conn_op in ["+", "-", " + ", "*", "/", "//", None, 5, b"+", "x"]:
    for a in DELTA_OPS:
        for b in DELTA_OPS:
            if conn_op in ("*", "/", "//", None, 5, b"+", "x") and zlib.crc32(repr((a, b)).encode()) % 10 < 6:
                continue
            if isinstance(conn_op, str) and conn_op.strip() == "*" and any(
                isinstance(x, (str, bytes)) for x in (a, b)
            ) and any(isinstance(x, int) and abs(x) > 10**6 for x in (a, b)):
                continue  # a multi-gigabyte str * int; see the note in tests/db.rs
            call("django_format_dtdelta", conn_op, a, b)

# --- regexp ---------------------------------------------------------------------------------
REGEX = [
    (r"^a.c$", "abc"), (r"^a.c$", "a\nc"), (r"(?s)^a.c$", "a\nc"), (r"abc$", "abc\n"),
    (r"abc\Z", "abc\n"), (r"abc\Z", "abc"), (r"(?m)^b$", "a\nb\nc"), (r"^b$", "a\nb\nc"),
    (r"(?P<x>a)(?P=x)", "aa"), (r"(?P<x>a)(?P=x)", "ab"), (r"(a)\1", "aa"), (r"(a)\1", "ab"),
    (r"(?i)ABC", "xabcx"), (r"(?i:A)b", "Ab"), (r"(?i:A)b", "AB"), (r"a{", "a{"), (r"a{,2}b", "aab"),
    (r"a{2,}", "a"), (r"a{1,3}?", "aaa"), (r"x{2}", "xx"), (r"\d+", "abc123"), (r"\d+", "abc"),
    (r"\d", "٣"), (r"(?a)\d", "٣"), (r"\w+", "été"), (r"(?a)\w", "é"), (r"\s", "\x1c"),
    (r"\bfoo\b", "a foo b"), (r"\bfoo\b", "afoob"), (r"(?a)\bé", "é"), (r"[a-c]+", "xbx"),
    (r"[^a-c]", "abc"), (r"[]a]", "]"), (r"[\]]", "]"), (r"[a\-z]", "-"), (r"[z-a]", "b"),
    (r"[\w-]", "-"), (r"[[:alpha:]]", "a"), (r"[[:alpha:]]", ":"), (r"[a&&b]", "&"),
    (r"a**", "a"), (r"*a", "a"), (r"a(?i)b", "ab"), (r"(?i)a(?m)b", "AB"), (r"\e", "e"),
    (r"(a", "a"), (r"a)", "a"), (r"\x41", "A"), (r"\u00e9", "é"), (r"\U0001F600", "😀"),
    (r"\101", "A"), (r"\0", "\0"), (r"\1", "a"), (r"(a)\2", "aa"), (r"(a\1)", "aa"),
(r"(?x) a b # comment", "ab"), (r"(?x)[ ]", " "),
    (r"(?#comment)a", "a"), (r"a(?=b)", "ab"), (r"a(?!b)", "ab"), (r"(?<=a)b", "ab"),
    (r"(?<!a)b", "ab"), (r"(?>a+)b", "aab"), (r"a++b", "aab"), (r"a*+a", "aaa"),
    (r"(a)?(?(1)b|c)", "ab"), (r"(a)?(?(1)b|c)", "c"), (r"(?P<n>a)?(?(n)b|c)", "c"),
    (r"^$", ""), (r"", "x"), (r"a|b", "b"), (r"\A\s*\Z", "  \n"), (r"5", 5), (r"1\.5", 1.5),
    (r"e\+", 1e100), (r"inf", float("inf")), (r"^b'", b"abc"), (r"\\x00", b"\x00"), (r"1", None),
    (None, "x"), (5, "5"), (b"a", "a"), (r".", "\n"), (r"(?u)\w", "é"), (r"(?L)a", "a"),
    (r"(?a)(?u)x", "x"), (r"[\d]", "5"), (r"[^\W\d]", "a"), (r"\Bb", "ab"), (r"a\b", "a"),
    (r"^*a", "a"), (r"\b*", "a"), (r"a{3,1}", "aaa"), (r"a{}", "a{}"), (r"a{x}", "a{x}"),
    (r"(?i)straße", "STRASSE"), (r"(?i)ǅ", "ǆ"), (r"[\b]", "\b"), (r"a\Zb", "a"),
    (r"\z", "a"), (r"(?-i:a)", "a"), (r"(?i-a:a)", "A"), (r"(?s-m:.)", "\n"),
    (r"caf\u00e9", "café"), (r"(?:ab)+$", "ababab"), (r"(\d+)-\1", "12-12"), (r"^\S+$", "ab c"),
    (r"\$", "$"), (r"[.]", "a"), (r"a.c", "a\rc"), (r"(?P<1a>x)", "x"), (r"(?P<a>x)(?P<a>y)", "xy"),
    (r"x{4294967295}", "x"), (r"(?P=nope)", "x"), (r"[\s\S]", "\n"), (r"\W", "_"),
    (r"(?i)[a-z]", "K"), (r"(?i)\u212a", "k"),
]
for p, s in REGEX:
    call("regexp", p, s)
    case("SELECT ? REGEXP ?", [s, p])

# --- text -----------------------------------------------------------------------------------
TEXTS = [None, "", "ab", "héllo", "😀x", 5, 1.5, b"ab", "a" * 3]
for t in TEXTS:
    for n in [None, -2, 0, 1, 2, 5, 1.5, "3"]:
        for f in [None, "", "xy", "é", 3, b"xy", 2.5]:
            call("LPAD", t, n, f)
            call("RPAD", t, n, f)
for t in TEXTS + [3, 0, -2]:
    for n in [None, -1, 0, 1, 3, 2.5, "ab", b"x", 10**18]:
        call("REPEAT", t, n)
    call("REVERSE", t)
    for h in ["MD5", "SHA1", "SHA224", "SHA256", "SHA384", "SHA512"]:
        call(h, t)
case("SELECT REPEAT(9223372036854775807, 2)")

# --- numbers --------------------------------------------------------------------------------
NUMS = [None, 0, 1, -1, 2, 0.5, -0.5, 1.5, 2.0, -2.5, 100, 1e308, -1e308, float("inf"),
        float("-inf"), 1e-320, 3.0, 2**62, -(2**63), 2**63 - 1, "2", b"2", 0.0, -0.0, 1e20, 7]
for x in NUMS:
    for fn in ["ACOS", "ASIN", "ATAN", "CEILING", "COS", "DEGREES", "EXP", "FLOOR", "LN", "RADIANS",
               "SIN", "SQRT", "TAN", "SIGN", "COT"]:
        call(fn, x)
for x in NUMS:
    for y in [None, 0, 1, 2, -1, 0.5, -0.5, 2.0, 3, 64, 1e308, float("inf"), float("nan"), "1", 10]:
        for fn in ["ATAN2", "LOG", "MOD", "POWER", "BITXOR"]:
            call(fn, x, y)
case("SELECT PI()")

# --- aggregates -----------------------------------------------------------------------------
DATASETS = [[], [1], [1, 2], [1, 2, 3], [1, 3], [1, 2, 4], [1.5, 2.5], [0.1, 0.2, 0.3],
            [1, 2.5, 3], [1, None], [None], ["a", 1], [1e308, -1e308], [float("inf"), 1],
            [float("inf"), float("-inf")], [float("-inf"), 1], [2**62, -(2**62)],
            [2**63 - 1, -(2**63)], [1e-300, 2e-300], [5, 5, 5], [1.0, 1.0], [b"x", 1],
            [3.0, 4], [10, 20, 30, 40, 50, 60], [1e16, 1, -1e16], [123456789, 987654321]]
for data in DATASETS:
    if data:
        values = " UNION ALL ".join("SELECT ?" for _ in data)
        sub = "SELECT column1 AS x FROM (%s)" % " UNION ALL ".join("SELECT ? AS column1" for _ in data)
    else:
        sub = "SELECT 1 AS x WHERE 0"
    for fn in ["STDDEV_POP", "STDDEV_SAMP", "VAR_POP", "VAR_SAMP"]:
        case("SELECT %s(x) FROM (%s)" % (fn, sub), data)
rng = random.Random(5)
for _ in range(40):
    data = [rng.choice([rng.randint(-10**6, 10**6), rng.uniform(-1e3, 1e3), rng.random() * 10 ** rng.randint(-20, 20)]) for _ in range(rng.randint(2, 12))]
    sub = "SELECT column1 AS x FROM (%s)" % " UNION ALL ".join("SELECT ? AS column1" for _ in data)
    for fn in ["STDDEV_POP", "STDDEV_SAMP", "VAR_POP", "VAR_SAMP"]:
        case("SELECT %s(x) FROM (%s)" % (fn, sub), data)

# --- last_executed_query --------------------------------------------------------------------
with connection.cursor() as cursor:
    def leq(sql, params):
        text = connection.ops.last_executed_query(cursor, sql, params)
        out.write(json.dumps({"leq": sql, "params": [enc(p) for p in params], "expect": text},
                             ensure_ascii=False, separators=(",", ":")) + "\n")

    leq('SELECT "a" FROM "t" WHERE "name" = %s', ["it's"])
    leq('SELECT %s, %s, %s, %s', [None, 1, -5, 2**63 - 1])
    leq('SELECT %s', [b"\x00\xffA"])
    leq("SELECT %s LIKE '50%%'", ["x"])
    leq("SELECT '50%%'", [])
    leq("SELECT '%s'", [])
    leq('SELECT %s', ["a\x00b"])
    leq('SELECT %s', ["é 😀 \\ \" ''"])
    leq('SELECT ' + ", ".join(["%s"] * 1500), list(range(1500)))
    floats = [1.5, 1e100, 0.1, 1e-300, 100.0, -0.0, 1e15, 1e14, 12345678901234567890.0, 0.1 + 0.2,
              float("inf"), float("-inf"), 1e-5, 0.0001, 5e-324, 1.7976931348623157e308,
              123456789012345.6, 1 / 3, 2.5, -7.25, 1e16, 1e17, 9007199254740993.0]
    rng = random.Random(11)
    for _ in range(300):
        k = rng.random()
        if k < 0.4:
            x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        elif k < 0.7:
            x = rng.uniform(-1e6, 1e6)
        else:
            x = round(rng.uniform(0, 1000), rng.randint(0, 6))
        if x == x:
            floats.append(x)
    for x in floats:
        leq("SELECT %s", [x])
