-- migguard:executed numeric_precision_up.0002_alter_article_price atomic=true
-- migguard:statement 1
ALTER TABLE "numeric_precision_up_article" ALTER COLUMN "price" TYPE numeric(12, 2);
