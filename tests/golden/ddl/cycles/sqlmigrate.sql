BEGIN;
--
-- Create model Legacy
--
-- (no-op)
--
-- Create model Animal
--
CREATE TABLE "bookstore_animal" ("species" varchar(40) NOT NULL PRIMARY KEY);
--
-- Create model Match
--
CREATE TABLE "bookstore_match" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "played" datetime NOT NULL);
--
-- Create model Player
--
CREATE TABLE "bookstore_player" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(50) NOT NULL, "number" integer unsigned NOT NULL CHECK ("number" >= 0), "nickname" varchar(30) NOT NULL);
--
-- Create model Team
--
CREATE TABLE "bookstore_team" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(50) NOT NULL UNIQUE, "captain_id" bigint NULL REFERENCES "bookstore_player" ("id") DEFERRABLE INITIALLY DEFERRED, "mascot_id" varchar(40) NOT NULL REFERENCES "bookstore_animal" ("species") DEFERRABLE INITIALLY DEFERRED);
--
-- Create model Appearance
--
CREATE TABLE "bookstore_appearance" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "minutes" smallint unsigned NOT NULL CHECK ("minutes" >= 0), "match_id" bigint NOT NULL REFERENCES "bookstore_match" ("id") DEFERRABLE INITIALLY DEFERRED, "player_id" bigint NOT NULL REFERENCES "bookstore_player" ("id") DEFERRABLE INITIALLY DEFERRED);
--
-- Add field players to match
--
CREATE TABLE "new__bookstore_match" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "played" datetime NOT NULL);
INSERT INTO "new__bookstore_match" ("id", "played") SELECT "id", "played" FROM "bookstore_match";
DROP TABLE "bookstore_match";
ALTER TABLE "new__bookstore_match" RENAME TO "bookstore_match";
CREATE INDEX "bookstore_team_captain_id_eac89f65" ON "bookstore_team" ("captain_id");
CREATE INDEX "bookstore_team_mascot_id_eec898e1" ON "bookstore_team" ("mascot_id");
CREATE INDEX "bookstore_appearance_match_id_a7bf330d" ON "bookstore_appearance" ("match_id");
CREATE INDEX "bookstore_appearance_player_id_887f4a65" ON "bookstore_appearance" ("player_id");
--
-- Create proxy model TopPlayer
--
-- (no-op)
--
-- Create model Sponsor
--
CREATE TABLE "bookstore_sponsor" ("team_id" bigint NOT NULL PRIMARY KEY REFERENCES "bookstore_team" ("id") DEFERRABLE INITIALLY DEFERRED, "amount" decimal NOT NULL);
--
-- Add field team to player
--
CREATE TABLE "new__bookstore_player" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(50) NOT NULL, "number" integer unsigned NOT NULL CHECK ("number" >= 0), "nickname" varchar(30) NOT NULL, "team_id" bigint NOT NULL REFERENCES "bookstore_team" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__bookstore_player" ("id", "name", "number", "nickname", "team_id") SELECT "id", "name", "number", "nickname", NULL FROM "bookstore_player";
DROP TABLE "bookstore_player";
ALTER TABLE "new__bookstore_player" RENAME TO "bookstore_player";
CREATE INDEX "bookstore_player_team_id_680557e7" ON "bookstore_player" ("team_id");
--
-- Add field away to match
--
CREATE TABLE "new__bookstore_match" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "played" datetime NOT NULL, "away_id" bigint NOT NULL REFERENCES "bookstore_team" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__bookstore_match" ("id", "played", "away_id") SELECT "id", "played", NULL FROM "bookstore_match";
DROP TABLE "bookstore_match";
ALTER TABLE "new__bookstore_match" RENAME TO "bookstore_match";
CREATE INDEX "bookstore_match_away_id_adbb4a27" ON "bookstore_match" ("away_id");
--
-- Add field home to match
--
CREATE TABLE "new__bookstore_match" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "played" datetime NOT NULL, "away_id" bigint NOT NULL REFERENCES "bookstore_team" ("id") DEFERRABLE INITIALLY DEFERRED, "home_id" bigint NOT NULL REFERENCES "bookstore_team" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "new__bookstore_match" ("id", "played", "away_id", "home_id") SELECT "id", "played", "away_id", NULL FROM "bookstore_match";
DROP TABLE "bookstore_match";
ALTER TABLE "new__bookstore_match" RENAME TO "bookstore_match";
CREATE INDEX "bookstore_match_away_id_adbb4a27" ON "bookstore_match" ("away_id");
CREATE INDEX "bookstore_match_home_id_56e37bd4" ON "bookstore_match" ("home_id");
--
-- Add field favourite_team to animal
--
ALTER TABLE "bookstore_animal" ADD COLUMN "favourite_team_id" bigint NULL REFERENCES "bookstore_team" ("id") DEFERRABLE INITIALLY DEFERRED;
--
-- Alter unique_together for player (1 constraint(s))
--
CREATE UNIQUE INDEX "bookstore_player_team_id_number_7ab69661_uniq" ON "bookstore_player" ("team_id", "number");
--
-- Create constraint match_distinct_teams on model match
--
CREATE TABLE "new__bookstore_match" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "played" datetime NOT NULL, "away_id" bigint NOT NULL REFERENCES "bookstore_team" ("id") DEFERRABLE INITIALLY DEFERRED, "home_id" bigint NOT NULL REFERENCES "bookstore_team" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "match_distinct_teams" CHECK (NOT ("home_id" = ("away_id"))));
INSERT INTO "new__bookstore_match" ("id", "played", "away_id", "home_id") SELECT "id", "played", "away_id", "home_id" FROM "bookstore_match";
DROP TABLE "bookstore_match";
ALTER TABLE "new__bookstore_match" RENAME TO "bookstore_match";
CREATE INDEX "bookstore_animal_favourite_team_id_9b67ad60" ON "bookstore_animal" ("favourite_team_id");
CREATE INDEX "bookstore_match_away_id_adbb4a27" ON "bookstore_match" ("away_id");
CREATE INDEX "bookstore_match_home_id_56e37bd4" ON "bookstore_match" ("home_id");
COMMIT;
