-- migguard:executed pgext.0003_remove_collation atomic=true
-- migguard:statement 1
DROP COLLATION "german_phonebook";
