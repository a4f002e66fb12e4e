-- Public editions of the monitor. An analyst prepares an edition (which
-- indicators, which fixed breakdowns, which period); its cells are computed
-- once through the release gate and kept here as the snapshot the preview
-- shows. Publishing gives it the next number and freezes it: the triggers
-- below refuse any change to, or removal of, a published edition, so its
-- cells are never recomputed. A later edition is a new row.
CREATE TABLE editions (
    id           INTEGER PRIMARY KEY,
    number       INTEGER UNIQUE CHECK (number IS NULL OR number >= 1),
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    period_from  TEXT NOT NULL CHECK (period_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    period_to    TEXT NOT NULL CHECK (period_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]' AND period_to >= period_from),
    spec         TEXT NOT NULL CHECK (json_valid(spec)),
    snapshot     BLOB,
    computed_at  TEXT,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    published_at TEXT,
    CHECK ((number IS NULL) = (published_at IS NULL)),
    CHECK (published_at IS NULL OR snapshot IS NOT NULL)
);

CREATE TRIGGER editions_published_frozen BEFORE UPDATE ON editions
WHEN OLD.published_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a published edition is frozen');
END;

CREATE TRIGGER editions_published_kept BEFORE DELETE ON editions
WHEN OLD.published_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a published edition is kept');
END;
