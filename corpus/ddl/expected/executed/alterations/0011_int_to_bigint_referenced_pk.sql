-- migguard:executed alterations.0011_int_to_bigint_referenced_pk atomic=true
-- migguard:statement 1
SET CONSTRAINTS "alterations_subject_fk_to_legacy_id_f335f826_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_to_legacy_id_f335f826_fk_alteratio";
-- migguard:statement 2
SET CONSTRAINTS "alterations_subject__legacyauto_id_8eb21343_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject_legacy_set" DROP CONSTRAINT "alterations_subject__legacyauto_id_8eb21343_fk_alteratio";
-- migguard:statement 3
ALTER TABLE "alterations_legacyauto" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;
-- migguard:statement 4
ALTER SEQUENCE IF EXISTS "alterations_legacyauto_id_seq" AS bigint;
-- migguard:statement 5
ALTER TABLE "alterations_subject" ALTER COLUMN "fk_to_legacy_id" TYPE bigint USING "fk_to_legacy_id"::bigint;
-- migguard:statement 6
ALTER TABLE "alterations_subject_legacy_set" ALTER COLUMN "legacyauto_id" TYPE bigint USING "legacyauto_id"::bigint;
-- migguard:statement 7
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_fk_to_legacy_id_f335f826_fk" FOREIGN KEY ("fk_to_legacy_id") REFERENCES "alterations_legacyauto" ("id") DEFERRABLE INITIALLY DEFERRED;
-- migguard:statement 8
ALTER TABLE "alterations_subject_legacy_set" ADD CONSTRAINT "alterations_subject_legacy_set_legacyauto_id_8eb21343_fk" FOREIGN KEY ("legacyauto_id") REFERENCES "alterations_legacyauto" ("id") DEFERRABLE INITIALLY DEFERRED;
-- migguard:statement 9
SET CONSTRAINTS "alterations_subject_fk_to_keyed_id_f7b8ac6b_fk_alteratio" IMMEDIATE; ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_fk_to_keyed_id_f7b8ac6b_fk_alteratio";
-- migguard:statement 10
ALTER TABLE "alterations_keyed" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;
-- migguard:statement 11
ALTER TABLE "alterations_subject" ALTER COLUMN "fk_to_keyed_id" TYPE bigint USING "fk_to_keyed_id"::bigint;
-- migguard:statement 12
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_fk_to_keyed_id_f7b8ac6b_fk" FOREIGN KEY ("fk_to_keyed_id") REFERENCES "alterations_keyed" ("id") DEFERRABLE INITIALLY DEFERRED;
