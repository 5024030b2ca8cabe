BEGIN;
--
-- Add field team_name to page
--
ALTER TABLE "portal_page" ADD COLUMN "team_name" varchar(40) NULL;
--
-- Add field domain to page
--
ALTER TABLE "portal_page" ADD COLUMN "domain" varchar(100) NULL;
COMMIT;
