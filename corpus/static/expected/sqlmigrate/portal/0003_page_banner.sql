BEGIN;
--
-- Add field banner to page
--
ALTER TABLE "portal_page" ADD COLUMN "banner" text NULL;
COMMIT;
