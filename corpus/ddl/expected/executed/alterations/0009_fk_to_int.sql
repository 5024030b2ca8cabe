-- migguard:executed alterations.0009_fk_to_int atomic=true
-- migguard:statement 1
SET CONSTRAINTS "alterations_subject_fk_becomes_int_id_b302aa99_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_becomes_int_id_b302aa99_fk_alteratio";
-- migguard:statement 2
DROP INDEX IF EXISTS "alterations_subject_fk_becomes_int_id_b302aa99";
-- migguard:statement 3
CREATE INDEX "alterations_subject_int_becomes_fk_398bf14d" ON "alterations_subject" ("int_becomes_fk");
-- migguard:statement 4
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_int_becomes_fk_398bf14d_fk_alteratio" FOREIGN KEY ("int_becomes_fk") REFERENCES "alterations_target" ("id") DEFERRABLE INITIALLY DEFERRED;
-- migguard:statement 5
SET CONSTRAINTS "alterations_subject_fk_drops_constraint__36ea654f_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_drops_constraint__36ea654f_fk_alteratio";
