BEGIN;
--
-- Create model Customer
--
CREATE TABLE "bookstore_customer" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(10) NOT NULL, "vip" bool NOT NULL);
--
-- Create model Shipper
--
CREATE TABLE "bookstore_shipper" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(10) NOT NULL);
--
-- Create model Preference
--
CREATE TABLE "bookstore_preference" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "rank" integer NOT NULL, "customer_id" bigint NOT NULL REFERENCES "bookstore_customer" ("id") DEFERRABLE INITIALLY DEFERRED, "shipper_id" bigint NOT NULL REFERENCES "bookstore_shipper" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Create model Order
--
CREATE TABLE "bookstore_order" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "note" varchar(10) NOT NULL, "customer_id" bigint NOT NULL REFERENCES "bookstore_customer" ("id") DEFERRABLE INITIALLY DEFERRED, "gift_id" bigint NULL REFERENCES "bookstore_customer" ("id") DEFERRABLE INITIALLY DEFERRED, "shipper_id" bigint NULL REFERENCES "bookstore_shipper" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Add field tags to customer
--
CREATE TABLE "new__bookstore_customer" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(10) NOT NULL, "vip" bool NOT NULL);
INSERT INTO "new__bookstore_customer" ("id", "name", "vip") SELECT "id", "name", "vip" FROM "bookstore_customer";
DROP TABLE "bookstore_customer";
ALTER TABLE "new__bookstore_customer" RENAME TO "bookstore_customer";
CREATE INDEX "bookstore_preference_customer_id_0732c852" ON "bookstore_preference" ("customer_id");
CREATE INDEX "bookstore_preference_shipper_id_5d953258" ON "bookstore_preference" ("shipper_id");
CREATE INDEX "bookstore_order_customer_id_0271ade5" ON "bookstore_order" ("customer_id");
CREATE INDEX "bookstore_order_gift_id_3c8b623e" ON "bookstore_order" ("gift_id");
CREATE INDEX "bookstore_order_shipper_id_e577a510" ON "bookstore_order" ("shipper_id");
COMMIT;
