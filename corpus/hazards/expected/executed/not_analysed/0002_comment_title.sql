-- migguard:executed not_analysed.0002_comment_title atomic=true
-- migguard:statement 1
COMMENT ON COLUMN "not_analysed_article"."title" IS 'Shown as the page heading';
