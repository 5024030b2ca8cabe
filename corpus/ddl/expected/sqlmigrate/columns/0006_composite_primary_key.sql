BEGIN;
--
-- Create model OrderLine
--
CREATE TABLE "columns_orderline" ("order_no" integer NOT NULL, "line_no" smallint NOT NULL, "sku" varchar(20) NOT NULL, PRIMARY KEY ("order_no", "line_no"));
COMMIT;
