-- The adults' structured answer to the children: made of parts, each on
-- one subject, with what the children said, what the adults will do, what
-- they will not do and why, and who decides when. One answer can go to
-- several sessions (a municipality answering all its schools); it stays
-- readable under each session's code while it is public, past the
-- sessions' results_until.
--
-- session_feedback (the older free text) is left as it was: a session
-- without a structured answer still shows it.

CREATE TABLE replies (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    created_by      INTEGER REFERENCES users (id),
    lang            TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 12), -- the language it was first written in
    public          INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    first_public_at TEXT, -- when it was first made public; kept when withdrawn
    -- when the worker closed "do you feel heard?": from then on no face
    -- is offered or counted, and the counts are shown (from k raters).
    -- Never reopened, so no two looks at the counts differ by one child.
    heard_closed_at TEXT
);

-- Which sessions an answer goes to; added_at is when the session was
-- linked; first_public_at is when the answer was first public while
-- linked to the session (the process indicators' "first answer").
CREATE TABLE reply_sessions (
    reply_id        INTEGER NOT NULL REFERENCES replies (id) ON DELETE CASCADE,
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    added_at        TEXT NOT NULL,
    first_public_at TEXT,
    PRIMARY KEY (reply_id, session_id)
) WITHOUT ROWID;
CREATE INDEX reply_sessions_session ON reply_sessions (session_id);

-- A part's subject: a free title (in reply_part_texts), optionally a
-- survey theme, optionally a children's topic. topic_id points at the
-- topics table of the children's ideas round; it has no foreign key
-- because that table comes with another migration.
CREATE TABLE reply_parts (
    id       INTEGER PRIMARY KEY,
    reply_id INTEGER NOT NULL REFERENCES replies (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    theme    TEXT NOT NULL DEFAULT '' CHECK (length(theme) <= 40),
    topic_id INTEGER,
    UNIQUE (reply_id, position)
);

-- A part's texts, one row per language it is written in.
CREATE TABLE reply_part_texts (
    part_id     INTEGER NOT NULL REFERENCES reply_parts (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 12),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    you_said    TEXT NOT NULL DEFAULT '' CHECK (length(you_said) <= 1000),
    we_will     TEXT NOT NULL DEFAULT '' CHECK (length(we_will) <= 1000),
    we_will_not TEXT NOT NULL DEFAULT '' CHECK (length(we_will_not) <= 1000),
    who_decides TEXT NOT NULL DEFAULT '' CHECK (length(who_decides) <= 1000),
    PRIMARY KEY (part_id, lang)
) WITHOUT ROWID;

-- "Do you feel heard?": counts per answer, session and face, nothing per
-- child. heard_tokens holds the SHA-256 of each one-time token redeemed,
-- only so it cannot be used twice: no rating, no session, no time, and
-- no row id (it is ordered by hash), so a token cannot be tied to a face.
CREATE TABLE heard_counts (
    reply_id   INTEGER NOT NULL REFERENCES replies (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    rating     TEXT NOT NULL CHECK (rating IN ('yes', 'some', 'no')),
    n          INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (reply_id, session_id, rating)
) WITHOUT ROWID;

CREATE TABLE heard_tokens (
    hash BLOB PRIMARY KEY CHECK (typeof(hash) = 'blob' AND length(hash) = 32)
) WITHOUT ROWID;
