-- migguard:executed alterations.0010_fk_changes atomic=true
-- migguard:statement 1
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_fk_drops_constraint__36ea654f_fk_alteratio" FOREIGN KEY ("fk_drops_constraint_id") REFERENCES "alterations_target" ("id") DEFERRABLE INITIALLY DEFERRED;
-- migguard:statement 2
SET CONSTRAINTS "alterations_subject_fk_retargeted_id_e9fb913d_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_retargeted_id_e9fb913d_fk_alteratio";
-- migguard:statement 3
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_fk_retargeted_id_e9fb913d_fk_alteratio" FOREIGN KEY ("fk_retargeted_id") REFERENCES "alterations_othertarget" ("id") DEFERRABLE INITIALLY DEFERRED;
-- migguard:statement 4
SET CONSTRAINTS "alterations_subject_fk_becomes_required__35d325e7_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_becomes_required__35d325e7_fk_alteratio";
-- migguard:statement 5
ALTER TABLE "alterations_subject" ALTER COLUMN "fk_becomes_required_id" SET NOT NULL;
-- migguard:statement 6
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_fk_becomes_required__35d325e7_fk_alteratio" FOREIGN KEY ("fk_becomes_required_id") REFERENCES "alterations_othertarget" ("id") DEFERRABLE INITIALLY DEFERRED;
-- migguard:statement 7
SET CONSTRAINTS "alterations_subject_fk_to_code_id_ece5ea8a_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_to_code_id_ece5ea8a_fk_alteratio";
-- migguard:statement 8
ALTER TABLE "alterations_target" ALTER COLUMN "code" TYPE varchar(32);
-- migguard:statement 9
ALTER TABLE "alterations_subject" ALTER COLUMN "fk_to_code_id" TYPE varchar(32) USING "fk_to_code_id"::varchar(32);
-- migguard:statement 10
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_fk_to_code_id_ece5ea8a_fk" FOREIGN KEY ("fk_to_code_id") REFERENCES "alterations_target" ("code") DEFERRABLE INITIALLY DEFERRED;
