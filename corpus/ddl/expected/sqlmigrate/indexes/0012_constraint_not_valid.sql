BEGIN;
--
-- Create not valid constraint ck_art_price_cap on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_price_cap" CHECK ("price" <= 100000) NOT VALID;
COMMIT;
