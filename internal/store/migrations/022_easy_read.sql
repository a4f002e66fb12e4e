-- Easy read: a worker may set a session to the easy-read variant of its
-- survey (easy wording, a pictogram per question; the same items and
-- codes), and each submission records whether it was answered in it, so
-- analysts can look for a mode effect. Submissions stored before are
-- standard (0).
ALTER TABLE sessions ADD COLUMN easy_read INTEGER NOT NULL DEFAULT 0 CHECK (easy_read IN (0, 1));
ALTER TABLE submissions ADD COLUMN easy_read INTEGER NOT NULL DEFAULT 0 CHECK (easy_read IN (0, 1));
