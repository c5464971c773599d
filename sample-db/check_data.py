#!/usr/bin/env python3
"""Check the sample data with real Django (needs Django 5.2.19 and pysqlite3-binary).

    python sample-db/check_data.py               # check migrate + data.sql + view
    python sample-db/check_data.py --db FILE     # check a built database instead (e.g. the
                                                 # one `cargo run --release -- build-db` writes)

1. Round trip: saves every row of generate_data.build() through the real ORM into a
   freshly migrated database and compares it, value by value and with SQLite's
   typeof(), with the database under test: data.sql must store exactly what
   Django stores. With --db the schema (sqlite_master) is compared as well.
2. On the database under test: PRAGMA integrity_check and foreign_key_check,
   full_clean() (validators, unique and check constraints) on every object, the
   fixed points of the spec, and a few queries the lessons use.

Exits 1 on the first failed check.
"""

import argparse
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "tools", "django-oracle"))

import generate_data  # noqa: E402
import schema  # noqa: E402  (tools/django-oracle/schema.py: Django's migrate for bookstore)

MODELS = {
    "bookstore_publisher": "Publisher",
    "bookstore_genre": "Genre",
    "bookstore_author": "Author",
    "bookstore_authorprofile": "AuthorProfile",
    "bookstore_book": "Book",
    "bookstore_book_authors": None,  # Book.authors.through
    "bookstore_store": "Store",
    "bookstore_stock": "Stock",
    "bookstore_review": "Review",
}


def fail(msg):
    raise SystemExit(f"check_data.py: FAILED: {msg}")


def ok(msg):
    print(f"ok  {msg}")


def table_dump(con, table):
    cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
    select = ", ".join([f'"{c}"' for c in cols] + [f'typeof("{c}")' for c in cols])
    return cols, con.execute(f'SELECT {select} FROM "{table}" ORDER BY "id"').fetchall()


def schema_rows(con):
    return con.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name LIKE 'bookstore%'"
        " AND type IN ('table', 'index') ORDER BY name").fetchall()


def load_sql(con, path):
    with open(path, encoding="utf-8") as f:
        con.executescript("BEGIN;\n" + f.read() + "\nCOMMIT;")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="check this built database instead of migrate + data.sql + view")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="ormlab-check-")
    try:
        run(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, tmp):
    rows = generate_data.build()
    orm_db = os.path.join(tmp, "orm.sqlite3")
    schema.migrate(orm_db)  # Django is now set up on orm_db
    import sqlite3  # pysqlite3 after bootstrap.setup()

    from django.db import connections, transaction

    if args.db:
        under_test = os.path.join(tmp, "under_test.sqlite3")
        shutil.copyfile(args.db, under_test)
        label = args.db
    else:
        under_test = os.path.join(tmp, "built.sqlite3")
        shutil.copyfile(orm_db, under_test)
        con = sqlite3.connect(under_test)
        load_sql(con, os.path.join(HERE, "data.sql"))
        load_sql(con, os.path.join(HERE, "publisher_stats_view.sql"))
        con.close()
        label = "migrate + data.sql + publisher_stats_view.sql"
    print(f"database under test: {label}")

    # --- 1. the same rows saved through the ORM --------------------------------------
    from bookstore import models as m

    with transaction.atomic():
        for table, model_name in MODELS.items():
            model = getattr(m, model_name) if model_name else m.Book.authors.through
            for row in rows[table]:
                model(**row).save(force_insert=True)
    connections.close_all()

    orm_con, con = sqlite3.connect(orm_db), sqlite3.connect(under_test)
    for table in MODELS:
        cols_a, a = table_dump(orm_con, table)
        cols_b, b = table_dump(con, table)
        if cols_a != cols_b:
            fail(f"{table}: columns {cols_b} differ from Django's {cols_a}")
        if a != b:
            diff = next((x, y) for x, y in zip(a + [None] * len(b), b + [None] * len(a)) if x != y)
            fail(f"{table}: first differing row:\n  django: {diff[0]}\n  tested: {diff[1]}")
    ok("every row equals what the ORM stores for it (values and typeof)")
    if args.db:
        if schema_rows(orm_con) != schema_rows(con):
            fail("the schema (sqlite_master) differs from Django's migrations")
        ok("schema identical to Django's migrations")
    orm_con.close()

    # --- 2. the database under test ----------------------------------------------------
    if con.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
        fail("PRAGMA integrity_check")
    if con.execute("PRAGMA foreign_key_check").fetchall():
        fail(f"PRAGMA foreign_key_check: {con.execute('PRAGMA foreign_key_check').fetchall()[:5]}")
    ok("PRAGMA integrity_check and foreign_key_check clean")
    for name, sql in [
        ("book_price_gte_0", 'SELECT count(*) FROM "bookstore_book" WHERE NOT ("price" >= 0)'),
        ("review_rating_1_5",
         'SELECT count(*) FROM "bookstore_review" WHERE NOT ("rating" >= 1 AND "rating" <= 5)'),
        ("unique_store_book", 'SELECT count(*) FROM (SELECT 1 FROM "bookstore_stock"'
                              ' GROUP BY "store_id", "book_id" HAVING count(*) > 1)'),
    ]:
        if con.execute(sql).fetchone()[0]:
            fail(f"constraint {name} violated")
    ok("constraints hold (checked in SQL)")
    con.close()

    connections["default"].settings_dict["NAME"] = under_test
    connections.close_all()

    def clean(obj):
        # Publisher.founded and AuthorProfile.born are null=True without blank=True (as the
        # spec has them), so full_clean() would call their NULLs "blank": skip those NULLs.
        nulls = [f.name for f in obj._meta.concrete_fields
                 if f.null and not f.blank and getattr(obj, f.attname) is None]
        obj.full_clean(exclude=nulls)

    n_objects = 0
    for model in (m.Publisher, m.Genre, m.Author, m.AuthorProfile, m.Book, m.Store, m.Stock):
        for obj in model._default_manager.all():
            clean(obj)
            n_objects += 1
    for obj in m.Review.all_objects.all():
        clean(obj)
        n_objects += 1
    ok(f"full_clean() passes on all {n_objects} objects (validators, unique, constraints)")

    counts = {
        "Publisher": m.Publisher.objects.count(),
        "Genre": m.Genre.objects.count(),
        "Author": m.Author.objects.count(),
        "AuthorProfile": m.AuthorProfile.objects.count(),
        "Book": m.Book.objects.count(),
        "Book.authors.through": m.Book.authors.through.objects.count(),
        "Store": m.Store.objects.count(),
        "Stock": m.Stock.objects.count(),
        "Review.all_objects": m.Review.all_objects.count(),
        "Review.objects": m.Review.objects.count(),
        "PublisherStats": m.PublisherStats.objects.count(),
        "ClassicBook.objects": m.ClassicBook.objects.count(),
        "Book.objects.highly_rated()": m.Book.objects.highly_rated().count(),
        "Book.in_print_books": m.Book.in_print_books.count(),
    }
    for name, n in counts.items():
        print(f"    {name:<30} {n}")
    expected = {t: len(r) for t, r in rows.items()}
    for model_name, table in [("Publisher", "bookstore_publisher"), ("Book", "bookstore_book"),
                              ("Review.all_objects", "bookstore_review")]:
        if counts[model_name] != expected[table]:
            fail(f"{model_name}.count() = {counts[model_name]}, data has {expected[table]}")
    if counts["PublisherStats"] != counts["Publisher"]:
        fail("PublisherStats must have one row per publisher")
    if not counts["Review.objects"] < counts["Review.all_objects"]:
        fail("Review.objects should hide some soft-deleted reviews")

    # Fixed points
    penguin = m.Publisher.objects.get(name="Penguin")
    apostrophe = m.Publisher.objects.filter(name__contains="'")
    if not apostrophe:
        fail("no publisher name with an apostrophe")
    austen = m.Author.objects.get(name="Jane Austen")
    if austen.email != "jane.austen@example.com":
        fail(austen.email)
    if m.AuthorProfile.objects.filter(author_id=2).exists():
        fail("author pk 2 must have no profile")
    try:
        m.Author.objects.get(pk=2).profile
        fail("author pk 2 has a profile")
    except m.Author.profile.RelatedObjectDoesNotExist:
        pass
    dracula = m.Book.objects.get(title="Dracula")
    if str(dracula.pubdate) != "1897-05-26" or [a.name for a in dracula.authors.all()] != ["Bram Stoker"]:
        fail("Dracula")
    m.Book.objects.get(title="Bleak House")
    for top in ("Fiction", "Non-fiction"):
        if not m.Genre.objects.get(name=top, parent=None).children.exists():
            fail(f"genre {top} has no sub-genres")
    ok(f"fixed points: Penguin pk {penguin.pk}, {apostrophe[0].name!r} pk {apostrophe[0].pk}, "
       f"Jane Austen pk {austen.pk}, Dracula pk {dracula.pk}, author 2 has no profile")

    def tree(parent, depth):
        for g in m.Genre.objects.filter(parent=parent).order_by("pk"):
            print(f"    {'  ' * depth}{g.name} (pk {g.pk}, {g.books.count()} books)")
            tree(g, depth + 1)

    print("    genre tree:")
    tree(None, 1)

    austen_books = list(m.Book.objects.filter(authors__name="Jane Austen").order_by("pubdate"))
    print(f"    Book.objects.filter(authors__name='Jane Austen'): {[b.title for b in austen_books]}")
    if len(austen_books) < 5:
        fail("Jane Austen's books")
    stats = list(m.PublisherStats.objects.all()[:3])
    print(f"    PublisherStats.objects.all()[:3]: "
          f"{[(s.publisher_id, s.book_count, s.avg_price) for s in stats]}")
    for s in m.PublisherStats.objects.select_related("publisher"):
        if s.book_count != s.publisher.books.count():
            fail(f"PublisherStats {s.publisher_id}: book_count")
        if s.book_count == 0:
            if s.avg_price is not None:
                fail("a publisher without books should have avg_price None")
            print(f"    {s.publisher.name!r} (pk {s.publisher_id}) has no books: "
                  f"book_count 0, avg_price {s.avg_price}")
        elif s.avg_price.as_tuple().exponent != -2:
            fail(f"avg_price {s.avg_price!r} is not a 2-place Decimal")
    if not any(s.book_count == 0 for s in m.PublisherStats.objects.all()):
        fail("no publisher without books: the view's LEFT JOIN is not exercised")
    ok("PublisherStats: one row per publisher, book_count matches, avg_price is a 2-place Decimal")

    sample = m.Book.objects.get(title="Bleak House")
    print(f"    Bleak House: price {sample.price!r}, rating {sample.rating!r}, "
          f"pubdate {sample.pubdate!r}, in_print {sample.in_print!r}")
    latest = m.Review.objects.first()
    print(f"    Review.objects.first(): {latest} created {latest.created!r}")
    print(f"    Author.objects.filter(name__icontains='émile').count() = "
          f"{m.Author.objects.filter(name__icontains='émile').count()} "
          f"(SQLite's LIKE folds ASCII only), name__icontains='ÉMILE' -> "
          f"{m.Author.objects.filter(name__icontains='ÉMILE').count()}, "
          f"name__icontains='zola' -> {m.Author.objects.filter(name__icontains='zola').count()}")
    print("all checks passed")


if __name__ == "__main__":
    main()
