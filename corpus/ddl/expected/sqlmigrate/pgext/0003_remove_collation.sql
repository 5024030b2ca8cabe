BEGIN;
--
-- Remove collation german_phonebook
--
DROP COLLATION "german_phonebook";
COMMIT;
