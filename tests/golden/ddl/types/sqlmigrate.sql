BEGIN;
--
-- Create model Gadget
--
CREATE TABLE "bookstore_gadget" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "uid" char(32) NOT NULL UNIQUE, "data" text NOT NULL CHECK ((JSON_VALID("data") OR "data" IS NULL)), "duration" bigint NULL, "at" time NULL, "when" datetime NOT NULL, "slug" varchar(50) NOT NULL, "big" bigint NOT NULL, "pbig" bigint unsigned NULL CHECK ("pbig" >= 0), "small" smallint NOT NULL, "LegacyCode" varchar(5) NOT NULL UNIQUE);
--
-- Create model Tag
--
CREATE TABLE "bookstore_tag" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "label" varchar(30) NOT NULL);
--
-- Create model Part
--
CREATE TABLE "bookstore_custom_parts" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "serial" varchar(20) NOT NULL, "gadget_id" integer NOT NULL REFERENCES "bookstore_gadget" ("id") DEFERRABLE INITIALLY DEFERRED, "gadget_by_code_id" varchar(5) NULL REFERENCES "bookstore_gadget" ("LegacyCode") DEFERRABLE INITIALLY DEFERRED);
--
-- Create model Widget
--
CREATE TABLE "bookstore_widget" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "weight" real NULL, "part_id" smallint NOT NULL REFERENCES "bookstore_custom_parts" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "bookstore_widget_labels" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "widget_id" bigint NOT NULL REFERENCES "bookstore_widget" ("id") DEFERRABLE INITIALLY DEFERRED, "tag_id" bigint NOT NULL REFERENCES "bookstore_tag" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX "bookstore_gadget_slug_1a558cff" ON "bookstore_gadget" ("slug");
CREATE INDEX "bookstore_gadget_small_54cea433" ON "bookstore_gadget" ("small");
CREATE INDEX "bookstore_custom_parts_gadget_by_code_id_18713e09" ON "bookstore_custom_parts" ("gadget_by_code_id");
CREATE INDEX "bookstore_widget_part_id_993f50c5" ON "bookstore_widget" ("part_id");
CREATE UNIQUE INDEX "bookstore_widget_labels_widget_id_tag_id_683ff07e_uniq" ON "bookstore_widget_labels" ("widget_id", "tag_id");
CREATE INDEX "bookstore_widget_labels_widget_id_a89daac9" ON "bookstore_widget_labels" ("widget_id");
CREATE INDEX "bookstore_widget_labels_tag_id_23087807" ON "bookstore_widget_labels" ("tag_id");
COMMIT;
