BEGIN;
--
-- Remove field id from pkmove
--
ALTER TABLE "alterations_pkmove" DROP COLUMN "id" CASCADE;
--
-- Alter field code on pkmove
--
ALTER TABLE "alterations_pkmove" DROP CONSTRAINT "alterations_pkmove_code_key";
ALTER TABLE "alterations_pkmove" ADD CONSTRAINT "alterations_pkmove_code_78f545e8_pk" PRIMARY KEY ("code");
COMMIT;
