-- migguard:executed alterations.0002_type_change_using atomic=true
-- migguard:statement 1
ALTER TABLE "alterations_subject" ALTER COLUMN "char_to_int" TYPE integer USING "char_to_int"::integer;
-- migguard:statement 2
ALTER TABLE "alterations_subject" ALTER COLUMN "int_to_char" TYPE varchar(20) USING "int_to_char"::varchar(20);
-- migguard:statement 3
ALTER TABLE "alterations_subject" ALTER COLUMN "text_to_json" TYPE jsonb USING "text_to_json"::jsonb;
-- migguard:statement 4
ALTER TABLE "alterations_subject" ALTER COLUMN "char_to_uuid" TYPE uuid USING "char_to_uuid"::uuid;
-- migguard:statement 5
ALTER TABLE "alterations_subject" ALTER COLUMN "date_to_datetime" TYPE timestamp with time zone USING "date_to_datetime"::timestamp with time zone;
-- migguard:statement 6
ALTER TABLE "alterations_subject" ALTER COLUMN "decimal_precision" TYPE numeric(12, 4);
