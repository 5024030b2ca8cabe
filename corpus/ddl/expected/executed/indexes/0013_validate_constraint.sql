-- migguard:executed indexes.0013_validate_constraint atomic=true
-- migguard:statement 1
ALTER TABLE "indexes_article" VALIDATE CONSTRAINT "ck_art_price_cap";
