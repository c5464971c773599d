BEGIN;
--
-- Create model Publisher
--
CREATE TABLE "bookstore_publisher" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL UNIQUE, "country" varchar(2) NOT NULL, "founded" integer NULL);
--
-- Create model PublisherStats
--
-- (no-op)
--
-- Create model Author
--
CREATE TABLE "bookstore_author" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL, "age" integer unsigned NOT NULL CHECK ("age" >= 0), "email" varchar(254) NOT NULL UNIQUE, "mentor_id" bigint NULL REFERENCES "bookstore_author" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Create model AuthorProfile
--
CREATE TABLE "bookstore_authorprofile" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "bio" text NOT NULL, "website" varchar(200) NOT NULL, "born" date NULL, "author_id" bigint NOT NULL UNIQUE REFERENCES "bookstore_author" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Create model Book
--
CREATE TABLE "bookstore_book" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "isbn" varchar(13) NOT NULL UNIQUE, "pages" integer unsigned NOT NULL CHECK ("pages" >= 0), "price" decimal NOT NULL, "rating" real NOT NULL, "pubdate" date NOT NULL, "in_print" bool NOT NULL, "publisher_id" bigint NOT NULL REFERENCES "bookstore_publisher" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "bookstore_book_authors" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "book_id" bigint NOT NULL REFERENCES "bookstore_book" ("id") DEFERRABLE INITIALLY DEFERRED, "author_id" bigint NOT NULL REFERENCES "bookstore_author" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Create proxy model ClassicBook
--
-- (no-op)
--
-- Create model Genre
--
CREATE TABLE "bookstore_genre" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(50) NOT NULL UNIQUE, "parent_id" bigint NULL REFERENCES "bookstore_genre" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Add field genre to book
--
ALTER TABLE "bookstore_book" ADD COLUMN "genre_id" bigint NULL REFERENCES "bookstore_genre" ("id") DEFERRABLE INITIALLY DEFERRED;
--
-- Create model Review
--
CREATE TABLE "bookstore_review" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "reviewer" varchar(100) NOT NULL, "rating" smallint unsigned NOT NULL CHECK ("rating" >= 0), "body" text NOT NULL, "created" datetime NOT NULL, "is_deleted" bool NOT NULL, "book_id" bigint NOT NULL REFERENCES "bookstore_book" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Create model Stock
--
CREATE TABLE "bookstore_stock" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "quantity" integer unsigned NOT NULL CHECK ("quantity" >= 0), "book_id" bigint NOT NULL REFERENCES "bookstore_book" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Create model Store
--
CREATE TABLE "bookstore_store" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL, "city" varchar(100) NOT NULL, "opened" date NOT NULL);
--
-- Add field store to stock
--
CREATE TABLE "new__bookstore_stock" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "quantity" integer unsigned NOT NULL CHECK ("quantity" >= 0), "book_id" bigint NOT NULL REFERENCES "bookstore_book" ("id") DEFERRABLE INITIALLY DEFERRED, "store_id" bigint NOT NULL REFERENCES "bookstore_store" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__bookstore_stock" ("id", "quantity", "book_id", "store_id") SELECT "id", "quantity", "book_id", NULL FROM "bookstore_stock";
DROP TABLE "bookstore_stock";
ALTER TABLE "new__bookstore_stock" RENAME TO "bookstore_stock";
CREATE INDEX "bookstore_author_mentor_id_a431d38b" ON "bookstore_author" ("mentor_id");
CREATE INDEX "bookstore_book_publisher_id_34399b82" ON "bookstore_book" ("publisher_id");
CREATE UNIQUE INDEX "bookstore_book_authors_book_id_author_id_5feba440_uniq" ON "bookstore_book_authors" ("book_id", "author_id");
CREATE INDEX "bookstore_book_authors_book_id_6e86251a" ON "bookstore_book_authors" ("book_id");
CREATE INDEX "bookstore_book_authors_author_id_7e33dabb" ON "bookstore_book_authors" ("author_id");
CREATE INDEX "bookstore_genre_parent_id_e44e9825" ON "bookstore_genre" ("parent_id");
CREATE INDEX "bookstore_book_genre_id_3818ce13" ON "bookstore_book" ("genre_id");
CREATE INDEX "bookstore_review_reviewer_37622738" ON "bookstore_review" ("reviewer");
CREATE INDEX "bookstore_review_book_id_3715ecd7" ON "bookstore_review" ("book_id");
CREATE INDEX "bookstore_stock_book_id_fdec58e5" ON "bookstore_stock" ("book_id");
CREATE INDEX "bookstore_stock_store_id_0c7adf24" ON "bookstore_stock" ("store_id");
--
-- Create index book_pubdate_idx on field(s) pubdate of model book
--
CREATE INDEX "book_pubdate_idx" ON "bookstore_book" ("pubdate");
--
-- Create constraint book_price_gte_0 on model book
--
CREATE TABLE "new__bookstore_book" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "isbn" varchar(13) NOT NULL UNIQUE, "pages" integer unsigned NOT NULL CHECK ("pages" >= 0), "price" decimal NOT NULL, "rating" real NOT NULL, "pubdate" date NOT NULL, "in_print" bool NOT NULL, "publisher_id" bigint NOT NULL REFERENCES "bookstore_publisher" ("id") DEFERRABLE INITIALLY DEFERRED, "genre_id" bigint NULL REFERENCES "bookstore_genre" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "book_price_gte_0" CHECK ("price" >= '0'));
INSERT INTO "new__bookstore_book" ("id", "title", "isbn", "pages", "price", "rating", "pubdate", "in_print", "publisher_id", "genre_id") SELECT "id", "title", "isbn", "pages", "price", "rating", "pubdate", "in_print", "publisher_id", "genre_id" FROM "bookstore_book";
DROP TABLE "bookstore_book";
ALTER TABLE "new__bookstore_book" RENAME TO "bookstore_book";
CREATE INDEX "bookstore_book_publisher_id_34399b82" ON "bookstore_book" ("publisher_id");
CREATE INDEX "bookstore_book_genre_id_3818ce13" ON "bookstore_book" ("genre_id");
CREATE INDEX "book_pubdate_idx" ON "bookstore_book" ("pubdate");
--
-- Create constraint review_rating_1_5 on model review
--
CREATE TABLE "new__bookstore_review" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "reviewer" varchar(100) NOT NULL, "rating" smallint unsigned NOT NULL CHECK ("rating" >= 0), "body" text NOT NULL, "created" datetime NOT NULL, "is_deleted" bool NOT NULL, "book_id" bigint NOT NULL REFERENCES "bookstore_book" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "review_rating_1_5" CHECK (("rating" >= 1 AND "rating" <= 5)));
INSERT INTO "new__bookstore_review" ("id", "reviewer", "rating", "body", "created", "is_deleted", "book_id") SELECT "id", "reviewer", "rating", "body", "created", "is_deleted", "book_id" FROM "bookstore_review";
DROP TABLE "bookstore_review";
ALTER TABLE "new__bookstore_review" RENAME TO "bookstore_review";
CREATE INDEX "bookstore_review_reviewer_37622738" ON "bookstore_review" ("reviewer");
CREATE INDEX "bookstore_review_book_id_3715ecd7" ON "bookstore_review" ("book_id");
--
-- Create constraint unique_store_book on model stock
--
CREATE TABLE "new__bookstore_stock" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "quantity" integer unsigned NOT NULL CHECK ("quantity" >= 0), "book_id" bigint NOT NULL REFERENCES "bookstore_book" ("id") DEFERRABLE INITIALLY DEFERRED, "store_id" bigint NOT NULL REFERENCES "bookstore_store" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "unique_store_book" UNIQUE ("store_id", "book_id"));
INSERT INTO "new__bookstore_stock" ("id", "quantity", "book_id", "store_id") SELECT "id", "quantity", "book_id", "store_id" FROM "bookstore_stock";
DROP TABLE "bookstore_stock";
ALTER TABLE "new__bookstore_stock" RENAME TO "bookstore_stock";
CREATE INDEX "bookstore_stock_book_id_fdec58e5" ON "bookstore_stock" ("book_id");
CREATE INDEX "bookstore_stock_store_id_0c7adf24" ON "bookstore_stock" ("store_id");
COMMIT;
