BEGIN;
--
-- Add field team to board
--
ALTER TABLE "teams_board" ADD COLUMN "team_id" integer NULL CONSTRAINT "teams_board_team_id_5dcb54ed_fk_auth_user_id" REFERENCES "auth_user"("id") DEFERRABLE INITIALLY DEFERRED; SET CONSTRAINTS "teams_board_team_id_5dcb54ed_fk_auth_user_id" IMMEDIATE;
CREATE INDEX "teams_board_team_id_5dcb54ed" ON "teams_board" ("team_id");
COMMIT;
