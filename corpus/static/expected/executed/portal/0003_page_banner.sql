-- migguard:executed portal.0003_page_banner atomic=true
-- migguard:statement 1
ALTER TABLE "portal_page" ADD COLUMN "banner" text NULL;
