-- Children's own ideas: a session may end with an ideas step ("What would
-- you change?", "What is good and should stay?"); after closing, the
-- worker merges the ideas into topics, hides one that names someone, and
-- lets the group vote on the topics.
--
-- Anonymity: an idea is stored in the same transaction as its child's
-- submission but points to nothing of it: no submission id, no day, no
-- time. Its key is 16 random bytes and the table has no rowid, so rows sit
-- in key order, not in the order they came in: nothing lines an idea up
-- with the submission that carried it. A hidden idea loses its text; the
-- reason is in the audit log, never the text.

-- A session with an ideas step has a row here; it also holds the vote
-- round on the session's topics: open or not, and how many children voted.
-- votes: 0 not started, 1 open, 2 closed (results frozen, never reopened).
-- shown: 1 once the worker's ideas page showed the ideas (only after the
-- session stopped taking answers); the session is then never reopened, so
-- no idea arrives after the worker saw the set and none can be told apart.
CREATE TABLE idea_rounds (
    session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    shown      INTEGER NOT NULL DEFAULT 0 CHECK (shown IN (0, 1)),
    votes      INTEGER NOT NULL DEFAULT 0 CHECK (votes IN (0, 1, 2)),
    voters     INTEGER NOT NULL DEFAULT 0 CHECK (voters >= 0)
);

-- The worker's topics: merged ideas under a title. votes is a count only:
-- which child ticked which topic is never stored.
CREATE TABLE topics (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    votes      INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0)
);
CREATE INDEX topics_session ON topics (session_id);

CREATE TABLE ideas (
    key        BLOB PRIMARY KEY CHECK (typeof(key) = 'blob' AND length(key) = 16),
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('change', 'keep')),
    hidden     INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    text       TEXT NOT NULL CHECK ((hidden = 1 AND text = '') OR (hidden = 0 AND length(text) BETWEEN 1 AND 500)),
    topic_id   INTEGER REFERENCES topics (id) ON DELETE SET NULL
) WITHOUT ROWID;
CREATE INDEX ideas_session ON ideas (session_id);

-- One vote set per visit: the SHA-256 of the one-time token in the vote
-- form, so a second post of the same form counts once. Nothing else.
CREATE TABLE vote_tokens (
    hash       BLOB PRIMARY KEY CHECK (typeof(hash) = 'blob' AND length(hash) = 32),
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE
) WITHOUT ROWID;
