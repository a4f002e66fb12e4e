-- Placeholder: migration 018 belongs to work on another branch. This empty
-- file only keeps the numbers consecutive so that 020 applies here; it is
-- replaced by that branch's own 018 when the branches are merged.
SELECT 1;
