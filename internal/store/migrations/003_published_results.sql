-- Group results are published once, by the worker, after the session
-- closed: what the group and its worker see is this frozen copy, never a
-- live count, so answers added later (padding) or after a reopening cannot
-- be read off as a difference. expected is how many children the worker
-- said took part.
CREATE TABLE published_results (
    session_id   INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    expected     INTEGER NOT NULL CHECK (expected BETWEEN 1 AND 10000),
    count        INTEGER NOT NULL CHECK (count >= 0),
    results      BLOB NOT NULL,
    published_at TEXT NOT NULL
) WITHOUT ROWID;
