-- AlterTable
ALTER TABLE "Room" ADD COLUMN     "lastAdvanceKey" TEXT;
