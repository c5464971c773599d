BEGIN;
--
-- Create model Owner
--
CREATE TABLE "bookstore_owner" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(20) NOT NULL, "mentor_id" bigint NULL REFERENCES "bookstore_owner" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Create model Tag
--
CREATE TABLE "bookstore_tag" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "label" varchar(20) NOT NULL, "owner_id" bigint NULL REFERENCES "bookstore_owner" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Create model Node
--
CREATE TABLE "bookstore_node" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(20) NOT NULL, "weight" decimal NOT NULL, "parent_id" bigint NULL REFERENCES "bookstore_node" ("id") DEFERRABLE INITIALLY DEFERRED, "twin_id" bigint NULL UNIQUE REFERENCES "bookstore_node" ("id") DEFERRABLE INITIALLY DEFERRED, "backup_id" bigint NULL REFERENCES "bookstore_owner" ("id") DEFERRABLE INITIALLY DEFERRED, "owner_id" bigint NOT NULL REFERENCES "bookstore_owner" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "bookstore_node_tags" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "node_id" bigint NOT NULL REFERENCES "bookstore_node" ("id") DEFERRABLE INITIALLY DEFERRED, "tag_id" bigint NOT NULL REFERENCES "bookstore_tag" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Create constraint owner_unique_name on model owner
--
CREATE TABLE "new__bookstore_owner" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(20) NOT NULL, "mentor_id" bigint NULL REFERENCES "bookstore_owner" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "owner_unique_name" UNIQUE ("name"));
INSERT INTO "new__bookstore_owner" ("id", "name", "mentor_id") SELECT "id", "name", "mentor_id" FROM "bookstore_owner";
DROP TABLE "bookstore_owner";
ALTER TABLE "new__bookstore_owner" RENAME TO "bookstore_owner";
CREATE INDEX "bookstore_tag_owner_id_2a03da78" ON "bookstore_tag" ("owner_id");
CREATE INDEX "bookstore_node_parent_id_06cac385" ON "bookstore_node" ("parent_id");
CREATE INDEX "bookstore_node_backup_id_a74404e9" ON "bookstore_node" ("backup_id");
CREATE INDEX "bookstore_node_owner_id_8ffa6fe9" ON "bookstore_node" ("owner_id");
CREATE UNIQUE INDEX "bookstore_node_tags_node_id_tag_id_7c3e2132_uniq" ON "bookstore_node_tags" ("node_id", "tag_id");
CREATE INDEX "bookstore_node_tags_node_id_ff379fbe" ON "bookstore_node_tags" ("node_id");
CREATE INDEX "bookstore_node_tags_tag_id_974e116c" ON "bookstore_node_tags" ("tag_id");
CREATE INDEX "bookstore_owner_mentor_id_926b8c40" ON "bookstore_owner" ("mentor_id");
--
-- Create constraint tag_label on model tag
--
CREATE TABLE "new__bookstore_tag" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "label" varchar(20) NOT NULL, "owner_id" bigint NULL REFERENCES "bookstore_owner" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "tag_label" CHECK (NOT ("label" = '')));
INSERT INTO "new__bookstore_tag" ("id", "label", "owner_id") SELECT "id", "label", "owner_id" FROM "bookstore_tag";
DROP TABLE "bookstore_tag";
ALTER TABLE "new__bookstore_tag" RENAME TO "bookstore_tag";
CREATE INDEX "bookstore_tag_owner_id_2a03da78" ON "bookstore_tag" ("owner_id");
--
-- Create index node_name_idx on field(s) name of model node
--
CREATE INDEX "node_name_idx" ON "bookstore_node" ("name");
--
-- Create constraint node_weight on model node
--
CREATE TABLE "new__bookstore_node" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(20) NOT NULL, "weight" decimal NOT NULL, "backup_id" bigint NULL REFERENCES "bookstore_owner" ("id") DEFERRABLE INITIALLY DEFERRED, "owner_id" bigint NOT NULL REFERENCES "bookstore_owner" ("id") DEFERRABLE INITIALLY DEFERRED, "parent_id" bigint NULL REFERENCES "bookstore_node" ("id") DEFERRABLE INITIALLY DEFERRED, "twin_id" bigint NULL UNIQUE REFERENCES "bookstore_node" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "node_weight" CHECK ("weight" >= '0'));
INSERT INTO "new__bookstore_node" ("id", "name", "weight", "parent_id", "twin_id", "backup_id", "owner_id") SELECT "id", "name", "weight", "parent_id", "twin_id", "backup_id", "owner_id" FROM "bookstore_node";
DROP TABLE "bookstore_node";
ALTER TABLE "new__bookstore_node" RENAME TO "bookstore_node";
CREATE INDEX "bookstore_node_backup_id_a74404e9" ON "bookstore_node" ("backup_id");
CREATE INDEX "bookstore_node_owner_id_8ffa6fe9" ON "bookstore_node" ("owner_id");
CREATE INDEX "bookstore_node_parent_id_06cac385" ON "bookstore_node" ("parent_id");
CREATE INDEX "node_name_idx" ON "bookstore_node" ("name");
--
-- Alter unique_together for node (1 constraint(s))
--
CREATE UNIQUE INDEX "bookstore_node_name_owner_id_7a155443_uniq" ON "bookstore_node" ("name", "owner_id");
COMMIT;
