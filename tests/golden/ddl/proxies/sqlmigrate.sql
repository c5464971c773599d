BEGIN;
--
-- Create model Archive
--
-- (no-op)
--
-- Create model Person
--
CREATE TABLE "bookstore_person" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(40) NOT NULL);
--
-- Create proxy model Author
--
-- (no-op)
--
-- Create proxy model Star
--
-- (no-op)
--
-- Create model Badge
--
CREATE TABLE "bookstore_badge" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "label" varchar(20) NOT NULL, "holder_id" bigint NOT NULL UNIQUE REFERENCES "bookstore_person" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Create model Article
--
CREATE TABLE "bookstore_article" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(80) NOT NULL, "editor_id" bigint NULL REFERENCES "bookstore_person" ("id") DEFERRABLE INITIALLY DEFERRED, "writer_id" bigint NOT NULL REFERENCES "bookstore_person" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "bookstore_article_fans" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "article_id" bigint NOT NULL REFERENCES "bookstore_article" ("id") DEFERRABLE INITIALLY DEFERRED, "star_id" bigint NOT NULL REFERENCES "bookstore_person" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX "bookstore_article_editor_id_7fee21fa" ON "bookstore_article" ("editor_id");
CREATE INDEX "bookstore_article_writer_id_f15e0935" ON "bookstore_article" ("writer_id");
CREATE UNIQUE INDEX "bookstore_article_fans_article_id_star_id_2f3cc60a_uniq" ON "bookstore_article_fans" ("article_id", "star_id");
CREATE INDEX "bookstore_article_fans_article_id_e550c1e1" ON "bookstore_article_fans" ("article_id");
CREATE INDEX "bookstore_article_fans_star_id_84dc1863" ON "bookstore_article_fans" ("star_id");
COMMIT;
