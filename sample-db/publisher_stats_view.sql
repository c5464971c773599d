-- The view behind the unmanaged model PublisherStats (Meta: managed = False,
-- db_table = "bookstore_publisher_stats"). Django's migrations do not create it:
-- it is created after the tables and data.sql.
--
-- One row per publisher, including publishers without books (book_count 0,
-- avg_price NULL): the average price of its books, rounded to 2 places (the
-- model's DecimalField(max_digits=6, decimal_places=2)).
CREATE VIEW "bookstore_publisher_stats" AS
SELECT
    "bookstore_publisher"."id" AS "publisher_id",
    COUNT("bookstore_book"."id") AS "book_count",
    ROUND(AVG("bookstore_book"."price"), 2) AS "avg_price"
FROM "bookstore_publisher"
LEFT OUTER JOIN "bookstore_book"
    ON "bookstore_book"."publisher_id" = "bookstore_publisher"."id"
GROUP BY "bookstore_publisher"."id";
