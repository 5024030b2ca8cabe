BEGIN;
--
-- Alter field price on article
--
ALTER TABLE "numeric_precision_up_article" ALTER COLUMN "price" TYPE numeric(12, 2);
COMMIT;
