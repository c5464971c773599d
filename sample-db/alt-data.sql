-- The "alternative" bookstore: the same schema, differently filled. ormlab applies this script
-- to an in-memory copy of the bundled database (once per process) and checks exercise answers on
-- both copies, so an answer that hard-codes ids, counts or values is caught. Deterministic; every
-- constraint (CHECKs, UNIQUEs, foreign keys) stays valid. The fixed points lessons rely on
-- (Penguin, Jane Austen, Dracula, Fiction/Non-fiction) still exist, with other data around them.

-- A new publisher that takes over some books; two publishers change country and founding year.
INSERT INTO bookstore_publisher (name, country, founded) VALUES ('Harbour House', 'IE', 1998);
UPDATE bookstore_publisher SET country = 'US', founded = 1940 WHERE name = 'Penguin';
UPDATE bookstore_publisher SET country = 'GB', founded = NULL WHERE id = 9;
UPDATE bookstore_publisher SET name = name || ' Press' WHERE id IN (4, 8);
UPDATE bookstore_book SET publisher_id = (SELECT id FROM bookstore_publisher WHERE name = 'Harbour House')
  WHERE id % 11 = 0;
UPDATE bookstore_book SET publisher_id = (publisher_id % 12) + 1 WHERE id % 7 = 3;

-- Some books go away (with their reviews, stock and author links).
DELETE FROM bookstore_review WHERE book_id % 13 = 5;
DELETE FROM bookstore_stock WHERE book_id % 13 = 5;
DELETE FROM bookstore_book_authors WHERE book_id % 13 = 5;
DELETE FROM bookstore_book WHERE id % 13 = 5;

-- Prices, ratings, pages, dates and print status shift.
UPDATE bookstore_book SET price = round(price * 1.15 + 0.5, 2) WHERE id % 3 = 0;
UPDATE bookstore_book SET price = round(max(price - 2.0, 1.0), 2) WHERE id % 3 = 1;
UPDATE bookstore_book SET rating = round(5.0 - rating * 0.8, 2) WHERE id % 4 = 2;
UPDATE bookstore_book SET pages = pages + 37 WHERE id % 5 = 1;
UPDATE bookstore_book SET pubdate = date(pubdate, '+3 years', '+40 days') WHERE id % 6 = 2;
UPDATE bookstore_book SET in_print = 1 - in_print WHERE id % 9 = 4;
UPDATE bookstore_book SET genre_id = NULL WHERE id % 17 = 6;
UPDATE bookstore_book SET genre_id = (SELECT min(id) FROM bookstore_genre WHERE parent_id IS NOT NULL)
  WHERE genre_id IS NULL AND id % 2 = 0;

-- Authors: other ages, other mentors, some renamed, some co-authorships moved.
UPDATE bookstore_author SET age = age + 7 WHERE id % 4 = 1;
UPDATE bookstore_author SET age = max(age - 5, 20) WHERE id % 4 = 3;
UPDATE bookstore_author SET mentor_id = NULL WHERE id % 5 = 0;
UPDATE bookstore_author SET mentor_id = 1 WHERE id % 10 = 7 AND id <> 1;
UPDATE bookstore_author SET name = name || ' Jr.' WHERE id % 15 = 4;
INSERT INTO bookstore_book_authors (book_id, author_id)
  SELECT b.id, 1 FROM bookstore_book b
  WHERE b.id % 19 = 8
    AND NOT EXISTS (SELECT 1 FROM bookstore_book_authors x WHERE x.book_id = b.id AND x.author_id = 1);
DELETE FROM bookstore_authorprofile WHERE author_id % 6 = 1 AND author_id <> 1;
UPDATE bookstore_authorprofile SET born = date(born, '+1 year') WHERE born IS NOT NULL AND author_id % 3 = 0;

-- Reviews: some flipped ratings, more soft-deleted, other dates and reviewers.
UPDATE bookstore_review SET rating = 6 - rating WHERE id % 5 = 0;
UPDATE bookstore_review SET is_deleted = 1 WHERE id % 23 = 0;
UPDATE bookstore_review SET is_deleted = 0 WHERE id % 29 = 0;
UPDATE bookstore_review SET created = datetime(created, '-200 days') WHERE id % 4 = 1;
DELETE FROM bookstore_review WHERE id % 31 = 0;

-- Stores and stock.
UPDATE bookstore_store SET city = 'Galway' WHERE id = 2;
UPDATE bookstore_store SET opened = date(opened, '-2 years') WHERE id % 2 = 1;
UPDATE bookstore_stock SET quantity = (quantity * 3 + 7) % 50 WHERE id % 3 = 0;
DELETE FROM bookstore_stock WHERE id % 10 = 9;
