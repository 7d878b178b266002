-- AlterTable
ALTER TABLE "Room" ADD COLUMN     "currentEntryId" UUID;

-- AlterTable
ALTER TABLE "RoomQueue" ADD COLUMN     "playedAt" TIMESTAMP(3);
