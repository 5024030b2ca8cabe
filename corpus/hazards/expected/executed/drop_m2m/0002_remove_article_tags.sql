-- migguard:executed drop_m2m.0002_remove_article_tags atomic=true
-- migguard:statement 1
DROP TABLE "drop_m2m_article_tags" CASCADE;
