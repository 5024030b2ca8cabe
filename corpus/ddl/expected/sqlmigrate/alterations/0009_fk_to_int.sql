BEGIN;
--
-- Alter field fk_becomes_int on subject
--
SET CONSTRAINTS "alterations_subject_fk_becomes_int_id_b302aa99_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_becomes_int_id_b302aa99_fk_alteratio";
DROP INDEX IF EXISTS "alterations_subject_fk_becomes_int_id_b302aa99";
--
-- Alter field int_becomes_fk on subject
--
CREATE INDEX "alterations_subject_int_becomes_fk_398bf14d" ON "alterations_subject" ("int_becomes_fk");
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_int_becomes_fk_398bf14d_fk_alteratio" FOREIGN KEY ("int_becomes_fk") REFERENCES "alterations_target" ("id") DEFERRABLE INITIALLY DEFERRED;
--
-- Alter field fk_drops_constraint on subject
--
SET CONSTRAINTS "alterations_subject_fk_drops_constraint__36ea654f_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_drops_constraint__36ea654f_fk_alteratio";
COMMIT;
