-- Staff sessions live here, so that logging out, a new password, a new role
-- or a disabled account ends them at once. The cookie carries a random
-- session id; only its SHA-256 is kept, so a backup holds no live session.
CREATE TABLE staff_sessions (
    id_hash    BLOB PRIMARY KEY CHECK (length(id_hash) = 32),
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL, -- Unix seconds: the absolute timeout counts from here
    seen_at    INTEGER NOT NULL  -- Unix seconds: the idle timeout counts from here
) WITHOUT ROWID;
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

-- Secrets moved to the key file beside the database (internal/keys): a
-- backup must not be a key to the live server. Cookies signed with the old
-- secret no longer open a session anyway; export pseudonyms change once.
DELETE FROM settings WHERE key IN ('cookie_secret', 'export_secret');
