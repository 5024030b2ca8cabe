-- migguard:executed teams.0003_board_code atomic=true
-- migguard:statement 1
ALTER TABLE "teams_board" ADD COLUMN "code" varchar(12) NULL;
