BEGIN;
--
-- Alter field fk_drops_constraint on subject
--
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_fk_drops_constraint__36ea654f_fk_alteratio" FOREIGN KEY ("fk_drops_constraint_id") REFERENCES "alterations_target" ("id") DEFERRABLE INITIALLY DEFERRED;
--
-- Alter field fk_retargeted on subject
--
SET CONSTRAINTS "alterations_subject_fk_retargeted_id_e9fb913d_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_retargeted_id_e9fb913d_fk_alteratio";
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_fk_retargeted_id_e9fb913d_fk_alteratio" FOREIGN KEY ("fk_retargeted_id") REFERENCES "alterations_othertarget" ("id") DEFERRABLE INITIALLY DEFERRED;
--
-- Alter field fk_on_delete on subject
--
-- (no-op)
--
-- Alter field fk_becomes_required on subject
--
SET CONSTRAINTS "alterations_subject_fk_becomes_required__35d325e7_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_becomes_required__35d325e7_fk_alteratio";
ALTER TABLE "alterations_subject" ALTER COLUMN "fk_becomes_required_id" SET NOT NULL;
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_fk_becomes_required__35d325e7_fk_alteratio" FOREIGN KEY ("fk_becomes_required_id") REFERENCES "alterations_othertarget" ("id") DEFERRABLE INITIALLY DEFERRED;
--
-- Alter field code on target
--
SET CONSTRAINTS "alterations_subject_fk_to_code_id_ece5ea8a_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_to_code_id_ece5ea8a_fk_alteratio";
ALTER TABLE "alterations_target" ALTER COLUMN "code" TYPE varchar(32);
ALTER TABLE "alterations_subject" ALTER COLUMN "fk_to_code_id" TYPE varchar(32) USING "fk_to_code_id"::varchar(32);
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_fk_to_code_id_ece5ea8a_fk" FOREIGN KEY ("fk_to_code_id") REFERENCES "alterations_target" ("code") DEFERRABLE INITIALLY DEFERRED;
COMMIT;
