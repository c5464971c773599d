BEGIN;
--
-- Create model Act
--
CREATE TABLE "bookstore_act" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(30) NOT NULL);
--
-- Create model Slot
--
CREATE TABLE "bookstore_slot" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "note" varchar(10) NOT NULL, "act_id" bigint NOT NULL REFERENCES "bookstore_act" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Create model Venue
--
CREATE TABLE "bookstore_venue" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "city" varchar(30) NOT NULL);
--
-- Add field backup_venue to slot
--
CREATE TABLE "new__bookstore_slot" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "note" varchar(10) NOT NULL, "act_id" bigint NOT NULL REFERENCES "bookstore_act" ("id") DEFERRABLE INITIALLY DEFERRED, "backup_venue_id" bigint NULL REFERENCES "bookstore_venue" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__bookstore_slot" ("id", "note", "act_id", "backup_venue_id") SELECT "id", "note", "act_id", 3 FROM "bookstore_slot";
DROP TABLE "bookstore_slot";
ALTER TABLE "new__bookstore_slot" RENAME TO "bookstore_slot";
CREATE INDEX "bookstore_slot_act_id_798c090d" ON "bookstore_slot" ("act_id");
CREATE INDEX "bookstore_slot_backup_venue_id_2f6bda16" ON "bookstore_slot" ("backup_venue_id");
--
-- Add field spare_venue to slot
--
ALTER TABLE "bookstore_slot" ADD COLUMN "spare_venue_id" bigint NULL REFERENCES "bookstore_venue" ("id") DEFERRABLE INITIALLY DEFERRED;
--
-- Add field venue to slot
--
CREATE TABLE "new__bookstore_slot" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "note" varchar(10) NOT NULL, "act_id" bigint NOT NULL REFERENCES "bookstore_act" ("id") DEFERRABLE INITIALLY DEFERRED, "backup_venue_id" bigint NULL REFERENCES "bookstore_venue" ("id") DEFERRABLE INITIALLY DEFERRED, "spare_venue_id" bigint NULL REFERENCES "bookstore_venue" ("id") DEFERRABLE INITIALLY DEFERRED, "venue_id" bigint NOT NULL REFERENCES "bookstore_venue" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__bookstore_slot" ("id", "note", "act_id", "backup_venue_id", "spare_venue_id", "venue_id") SELECT "id", "note", "act_id", "backup_venue_id", "spare_venue_id", 7 FROM "bookstore_slot";
DROP TABLE "bookstore_slot";
ALTER TABLE "new__bookstore_slot" RENAME TO "bookstore_slot";
CREATE INDEX "bookstore_slot_act_id_798c090d" ON "bookstore_slot" ("act_id");
CREATE INDEX "bookstore_slot_backup_venue_id_2f6bda16" ON "bookstore_slot" ("backup_venue_id");
CREATE INDEX "bookstore_slot_spare_venue_id_49fe3f63" ON "bookstore_slot" ("spare_venue_id");
CREATE INDEX "bookstore_slot_venue_id_6259f5ba" ON "bookstore_slot" ("venue_id");
--
-- Create index slot_note_desc on field(s) -note of model slot
--
CREATE INDEX "slot_note_desc" ON "bookstore_slot" ("note" DESC);
COMMIT;
