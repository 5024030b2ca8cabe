BEGIN;
--
-- Alter field id on legacyauto
--
SET CONSTRAINTS "alterations_subject_fk_to_legacy_id_f335f826_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_to_legacy_id_f335f826_fk_alteratio";
SET CONSTRAINTS "alterations_subject__legacyauto_id_8eb21343_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject_legacy_set" DROP CONSTRAINT "alterations_subject__legacyauto_id_8eb21343_fk_alteratio";
ALTER TABLE "alterations_legacyauto" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;
ALTER SEQUENCE IF EXISTS "alterations_legacyauto_id_seq" AS bigint;
ALTER TABLE "alterations_subject" ALTER COLUMN "fk_to_legacy_id" TYPE bigint USING "fk_to_legacy_id"::bigint;
ALTER TABLE "alterations_subject_legacy_set" ALTER COLUMN "legacyauto_id" TYPE bigint USING "legacyauto_id"::bigint;
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_fk_to_legacy_id_f335f826_fk" FOREIGN KEY ("fk_to_legacy_id") REFERENCES "alterations_legacyauto" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "alterations_subject_legacy_set" ADD CONSTRAINT "alterations_subject_legacy_set_legacyauto_id_8eb21343_fk" FOREIGN KEY ("legacyauto_id") REFERENCES "alterations_legacyauto" ("id") DEFERRABLE INITIALLY DEFERRED;
--
-- Alter field id on keyed
--
SET CONSTRAINTS "alterations_subject_fk_to_keyed_id_f7b8ac6b_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_to_keyed_id_f7b8ac6b_fk_alteratio";
ALTER TABLE "alterations_keyed" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;
ALTER TABLE "alterations_subject" ALTER COLUMN "fk_to_keyed_id" TYPE bigint USING "fk_to_keyed_id"::bigint;
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_fk_to_keyed_id_f7b8ac6b_fk" FOREIGN KEY ("fk_to_keyed_id") REFERENCES "alterations_keyed" ("id") DEFERRABLE INITIALLY DEFERRED;
COMMIT;
