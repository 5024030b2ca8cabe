-- migguard:executed alterations.0008_rename_column_db_column atomic=true
-- migguard:statement 1
ALTER TABLE "alterations_subject" RENAME COLUMN "column_renamed" TO "renamed_col";
