BEGIN;
--
-- Create collation case_insensitive
--
CREATE COLLATION "case_insensitive" (locale="und-u-ks-level2", provider="icu", deterministic=false);
--
-- Create collation german_phonebook
--
CREATE COLLATION "german_phonebook" (locale="de-u-co-phonebk", provider="icu");
--
-- Create collation posix_c
--
CREATE COLLATION "posix_c" (locale="C");
COMMIT;
