-- Number 019 was held for a change that is not in this version. The
-- file is empty so the numbers stay one after another, as the migration
-- runner requires; a database at this version has nothing of it.
SELECT 1;
