-- Population margins for optional weighting of survey indicators: children
-- by area (a municipality's or province's NIS code), sex and age in whole
-- years, as Statbel publishes them. An import replaces the whole table.
CREATE TABLE population (
    area        TEXT NOT NULL CHECK (area GLOB '[0-9][0-9][0-9][0-9][0-9]'),
    sex         TEXT NOT NULL CHECK (sex IN ('female', 'male')),
    age         INTEGER NOT NULL CHECK (age BETWEEN 0 AND 120),
    count       INTEGER NOT NULL CHECK (count >= 0),
    imported_at TEXT NOT NULL,
    PRIMARY KEY (area, sex, age)
) WITHOUT ROWID;
