BEGIN;
--
-- Add field code to board
--
ALTER TABLE "teams_board" ADD COLUMN "code" varchar(12) NULL;
COMMIT;
