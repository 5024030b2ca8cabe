BEGIN;
--
-- Validate constraint ck_art_price_cap on model article
--
ALTER TABLE "indexes_article" VALIDATE CONSTRAINT "ck_art_price_cap";
COMMIT;
