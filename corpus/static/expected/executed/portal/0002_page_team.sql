-- migguard:executed portal.0002_page_team atomic=true
-- migguard:statement 1
ALTER TABLE "portal_page" ADD COLUMN "team_name" varchar(40) NULL;
-- migguard:statement 2
ALTER TABLE "portal_page" ADD COLUMN "domain" varchar(100) NULL;
