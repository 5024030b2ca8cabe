-- migguard:executed alterations.0016_move_primary_key atomic=true
-- migguard:statement 1
ALTER TABLE "alterations_pkmove" DROP COLUMN "id" CASCADE;
-- migguard:statement 2
ALTER TABLE "alterations_pkmove" DROP CONSTRAINT "alterations_pkmove_code_key";
-- migguard:statement 3
ALTER TABLE "alterations_pkmove" ADD CONSTRAINT "alterations_pkmove_code_78f545e8_pk" PRIMARY KEY ("code");
