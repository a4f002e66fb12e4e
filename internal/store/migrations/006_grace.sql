-- A grace period after a worker closes a session: children who were on
-- their last screen when it closed can still send until grace_until (a
-- session time, not a child's). NULL: no grace, closed means closed.
ALTER TABLE sessions ADD COLUMN grace_until TEXT;
