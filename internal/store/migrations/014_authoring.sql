-- Questionnaires their users write. A draft is one survey being written:
-- every upload is a revision of it, kept, so a review or a pilot always
-- names the exact words it was about. A second admin or analyst reviews a
-- revision; publishing makes a version, which joins the catalogue beside
-- the shipped surveys and never changes again. A pilot is a session that
-- runs a draft revision: nothing a child answers in it is kept, only how
-- many took part and, per question, how often "I don't understand" was
-- tapped and what was answered instead.

CREATE TABLE survey_drafts (
    id         INTEGER PRIMARY KEY,
    survey_id  TEXT NOT NULL CHECK (length(survey_id) BETWEEN 1 AND 40),
    revision   INTEGER NOT NULL CHECK (revision >= 1), -- the current one
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    published  INTEGER CHECK (published IS NULL OR published BETWEEN 1 AND 255) -- the version it became
);
-- One draft being written per survey at a time.
CREATE UNIQUE INDEX survey_drafts_open ON survey_drafts (survey_id) WHERE published IS NULL;

CREATE TABLE survey_revisions (
    draft_id   INTEGER NOT NULL REFERENCES survey_drafts (id),
    revision   INTEGER NOT NULL CHECK (revision >= 1),
    definition TEXT NOT NULL, -- the survey with its words, as survey.Marshal writes it
    hash       TEXT NOT NULL CHECK (length(hash) = 16),
    file_name  TEXT NOT NULL DEFAULT '' CHECK (length(file_name) <= 200),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (draft_id, revision)
) WITHOUT ROWID;

-- A reviewer's verdict on one revision. wording_only lists the items
-- (space separated) whose words changed since the last published version
-- and that the reviewer says still ask the same question.
CREATE TABLE survey_reviews (
    id           INTEGER PRIMARY KEY,
    draft_id     INTEGER NOT NULL,
    revision     INTEGER NOT NULL,
    reviewer     INTEGER NOT NULL REFERENCES users (id),
    approved     INTEGER NOT NULL CHECK (approved IN (0, 1)),
    wording_only TEXT NOT NULL DEFAULT '' CHECK (length(wording_only) <= 4000),
    comment      TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    at           TEXT NOT NULL,
    FOREIGN KEY (draft_id, revision) REFERENCES survey_revisions (draft_id, revision)
);
CREATE INDEX survey_reviews_draft ON survey_reviews (draft_id, revision);

CREATE TABLE survey_versions (
    survey_id    TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version BETWEEN 1 AND 255),
    hash         TEXT NOT NULL CHECK (length(hash) = 16),
    definition   TEXT NOT NULL,
    draft_id     INTEGER NOT NULL REFERENCES survey_drafts (id),
    revision     INTEGER NOT NULL,
    languages    TEXT NOT NULL,             -- the languages it is published in, space separated
    wording_only TEXT NOT NULL DEFAULT '',  -- as the approving review said
    approved_by  INTEGER REFERENCES users (id),
    published_by INTEGER REFERENCES users (id),
    published_at TEXT NOT NULL,
    PRIMARY KEY (survey_id, version)
) WITHOUT ROWID;

CREATE TABLE pilots (
    session_id INTEGER PRIMARY KEY REFERENCES sessions (id),
    draft_id   INTEGER NOT NULL,
    revision   INTEGER NOT NULL,
    children   INTEGER NOT NULL DEFAULT 0 CHECK (children >= 0),
    FOREIGN KEY (draft_id, revision) REFERENCES survey_revisions (draft_id, revision)
);
CREATE INDEX pilots_draft ON pilots (draft_id, revision);

-- Per pilot and question: taps on "I don't understand this question", and
-- of the children who tapped, how many answered anyway, said "I don't
-- know", or skipped. Counts only; never one child's row.
CREATE TABLE pilot_counts (
    session_id INTEGER NOT NULL REFERENCES pilots (session_id),
    item       TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 40),
    unclear    INTEGER NOT NULL DEFAULT 0 CHECK (unclear >= 0),
    answered   INTEGER NOT NULL DEFAULT 0 CHECK (answered >= 0),
    dont_know  INTEGER NOT NULL DEFAULT 0 CHECK (dont_know >= 0),
    skipped    INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),
    PRIMARY KEY (session_id, item)
) WITHOUT ROWID;

-- The random ids of pilot questionnaires received, made on the device, so
-- a replay from the offline queue counts once.
CREATE TABLE pilot_receipts (
    session_id INTEGER NOT NULL REFERENCES pilots (session_id),
    uid        BLOB NOT NULL CHECK (typeof(uid) = 'blob' AND length(uid) = 16),
    PRIMARY KEY (session_id, uid)
) WITHOUT ROWID;
