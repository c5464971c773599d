BEGIN;
--
-- Create model Category
--
CREATE TABLE "bookstore_category" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(60) NOT NULL, "slug" varchar(50) NOT NULL UNIQUE, "position" smallint unsigned NOT NULL CHECK ("position" >= 0), "parent_id" bigint NULL REFERENCES "bookstore_category" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "category_name_not_empty" CHECK (NOT ("name" = '')));
CREATE TABLE "bookstore_category_followers" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "from_category_id" bigint NOT NULL REFERENCES "bookstore_category" ("id") DEFERRABLE INITIALLY DEFERRED, "to_category_id" bigint NOT NULL REFERENCES "bookstore_category" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "bookstore_category_related" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "from_category_id" bigint NOT NULL REFERENCES "bookstore_category" ("id") DEFERRABLE INITIALLY DEFERRED, "to_category_id" bigint NOT NULL REFERENCES "bookstore_category" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Create model Employee
--
CREATE TABLE "bookstore_employee" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(80) NOT NULL, "level" integer NOT NULL, "buddy_id" bigint NULL UNIQUE REFERENCES "bookstore_employee" ("id") DEFERRABLE INITIALLY DEFERRED, "manager_id" bigint NULL REFERENCES "bookstore_employee" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "employee_level" CHECK (("level" >= 1 OR "manager_id" IS NULL)));
CREATE UNIQUE INDEX "bookstore_category_parent_id_name_13dcc1a6_uniq" ON "bookstore_category" ("parent_id", "name");
CREATE INDEX "bookstore_category_parent_id_59466654" ON "bookstore_category" ("parent_id");
CREATE INDEX "bookstore_c_positio_0c31eb_idx" ON "bookstore_category" ("position" DESC, "name");
CREATE UNIQUE INDEX "bookstore_category_followers_from_category_id_to_category_id_5c115f1d_uniq" ON "bookstore_category_followers" ("from_category_id", "to_category_id");
CREATE INDEX "bookstore_category_followers_from_category_id_6264f8ba" ON "bookstore_category_followers" ("from_category_id");
CREATE INDEX "bookstore_category_followers_to_category_id_9c7e1a71" ON "bookstore_category_followers" ("to_category_id");
CREATE UNIQUE INDEX "bookstore_category_related_from_category_id_to_category_id_59d4d793_uniq" ON "bookstore_category_related" ("from_category_id", "to_category_id");
CREATE INDEX "bookstore_category_related_from_category_id_0e04f49f" ON "bookstore_category_related" ("from_category_id");
CREATE INDEX "bookstore_category_related_to_category_id_62ca08ad" ON "bookstore_category_related" ("to_category_id");
CREATE INDEX "bookstore_employee_manager_id_5000e4c6" ON "bookstore_employee" ("manager_id");
COMMIT;
