-- Kinderstem schema, version 1.
--
-- Nothing here can hold a child's name, address, IP address, user agent,
-- device id or time of day: submissions keep a random id made on the
-- device, the session, the survey version, language, age (years) or band,
-- an optional gender and the *day* the answers arrived. CHECK constraints
-- keep it that way even for code that forgets. Staff rows may keep times.

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    kind        TEXT NOT NULL CHECK (kind IN ('municipality', 'ngo', 'school', 'care_provider', 'government', 'other')),
    created_at  TEXT NOT NULL
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    email           TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
    name            TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    role            TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'worker')),
    password_hash   TEXT NOT NULL,
    session_epoch   INTEGER NOT NULL DEFAULT 1, -- bumped on a password change: every cookie of the old epoch is void
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at      TEXT NOT NULL
);

CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE CHECK (length(code) = 6),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    created_by      INTEGER REFERENCES users (id),
    survey_id       TEXT NOT NULL,
    survey_version  INTEGER NOT NULL,
    survey_hash     TEXT NOT NULL,
    age_band        TEXT NOT NULL CHECK (age_band GLOB '[0-9]*-[0-9]*' AND length(age_band) <= 5),
    lang            TEXT NOT NULL,
    setting         TEXT NOT NULL,
    region          TEXT NOT NULL,
    label           TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 100),
    opened_at       TEXT NOT NULL,
    closes_at       TEXT NOT NULL,
    closed_at       TEXT,
    results_until   TEXT NOT NULL
);
CREATE INDEX sessions_organisation ON sessions (organisation_id, opened_at);

-- "You said, we did": what the adults will do with the group's answers,
-- in as many languages as the worker writes.
CREATE TABLE session_feedback (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    message    TEXT NOT NULL CHECK (length(message) BETWEEN 1 AND 4000),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (session_id, lang)
) WITHOUT ROWID;

CREATE TABLE submissions (
    id             INTEGER PRIMARY KEY,
    uid            BLOB NOT NULL UNIQUE CHECK (typeof(uid) = 'blob' AND length(uid) = 16),
    session_id     INTEGER NOT NULL REFERENCES sessions (id),
    survey_id      TEXT NOT NULL,
    survey_version INTEGER NOT NULL,
    lang           TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 12),
    age            INTEGER CHECK (age IS NULL OR age BETWEEN 4 AND 18),
    age_band       TEXT NOT NULL CHECK (age_band GLOB '[0-9]*-[0-9]*' AND length(age_band) <= 5),
    gender         TEXT NOT NULL CHECK (gender IN ('girl', 'boy', 'other', 'skip')),
    day            TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    complete       INTEGER NOT NULL CHECK (complete IN (0, 1))
);
CREATE INDEX submissions_session ON submissions (session_id);

-- Item ids are numbered once per survey so answers stay narrow.
CREATE TABLE items (
    id        INTEGER PRIMARY KEY,
    survey_id TEXT NOT NULL,
    item      TEXT NOT NULL,
    UNIQUE (survey_id, item)
);

-- One row per item shown: code >= 0 is the answer (a multi item's is a bit
-- mask of its options), -1 skipped, -2 "don't know". An item not shown has
-- no row.
CREATE TABLE answers (
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    item_id       INTEGER NOT NULL REFERENCES items (id),
    code          INTEGER NOT NULL CHECK (code >= -2),
    PRIMARY KEY (submission_id, item_id)
) WITHOUT ROWID;

-- Free-text answers, kept apart: never in group feedback, left out of
-- exports unless an admin includes them.
CREATE TABLE texts (
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    item_id       INTEGER NOT NULL REFERENCES items (id),
    text          TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    PRIMARY KEY (submission_id, item_id)
) WITHOUT ROWID;

CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    action  TEXT NOT NULL,
    target  TEXT NOT NULL DEFAULT '',
    detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at);

-- Instance settings such as the cookie keys made on first start.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;
