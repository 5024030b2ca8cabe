BEGIN;
--
-- Alter field char_to_int on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "char_to_int" TYPE integer USING "char_to_int"::integer;
--
-- Alter field int_to_char on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "int_to_char" TYPE varchar(20) USING "int_to_char"::varchar(20);
--
-- Alter field text_to_json on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "text_to_json" TYPE jsonb USING "text_to_json"::jsonb;
--
-- Alter field char_to_uuid on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "char_to_uuid" TYPE uuid USING "char_to_uuid"::uuid;
--
-- Alter field date_to_datetime on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "date_to_datetime" TYPE timestamp with time zone USING "date_to_datetime"::timestamp with time zone;
--
-- Alter field decimal_precision on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "decimal_precision" TYPE numeric(12, 4);
COMMIT;
