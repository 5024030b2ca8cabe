-- migguard:executed pgext.0002_collations atomic=true
-- migguard:statement 1
CREATE COLLATION "case_insensitive" (locale="und-u-ks-level2", provider="icu", deterministic=false);
-- migguard:statement 2
CREATE COLLATION "german_phonebook" (locale="de-u-co-phonebk", provider="icu");
-- migguard:statement 3
CREATE COLLATION "posix_c" (locale="C");
