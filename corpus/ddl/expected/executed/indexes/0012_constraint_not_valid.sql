-- migguard:executed indexes.0012_constraint_not_valid atomic=true
-- migguard:statement 1
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_price_cap" CHECK ("price" <= 100000) NOT VALID;
