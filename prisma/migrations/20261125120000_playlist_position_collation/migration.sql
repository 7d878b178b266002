-- Fractional-index keys must sort by raw character codes, whatever the database's default collation.
-- (Prisma's schema language cannot express a column collation, so this migration is written by hand.)
ALTER TABLE "PlaylistTrack" ALTER COLUMN "position" TYPE TEXT COLLATE "C";
