BEGIN;
--
-- Add field token to order
--
ALTER TABLE "unique_callable_default_order" ADD COLUMN "token" uuid DEFAULT '00000000000040008000000000000001'::uuid NOT NULL UNIQUE;
ALTER TABLE "unique_callable_default_order" ALTER COLUMN "token" DROP DEFAULT;
COMMIT;
