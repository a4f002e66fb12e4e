-- Number 021 is held for a change on another branch. The file is empty so
-- the numbers stay one after another, as the migration runner requires; it
-- gives way to that change's own file when the branches meet.
SELECT 1;
