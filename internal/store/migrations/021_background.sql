-- The optional background block a worker adds to a session: who the child
-- lives with, the languages at home, a long illness or disability, and
-- the material-deprivation group from the Children's Worlds items. Only
-- the four values a breakdown needs are kept, never the single items;
-- '' is "not asked", 'rather_not' is "I'd rather not say".
ALTER TABLE sessions ADD COLUMN background INTEGER NOT NULL DEFAULT 0 CHECK (background IN (0, 1));
ALTER TABLE submissions ADD COLUMN bg_living TEXT NOT NULL DEFAULT '' CHECK (length(bg_living) <= 20);
ALTER TABLE submissions ADD COLUMN bg_language TEXT NOT NULL DEFAULT '' CHECK (length(bg_language) <= 20);
ALTER TABLE submissions ADD COLUMN bg_illness TEXT NOT NULL DEFAULT '' CHECK (length(bg_illness) <= 20);
ALTER TABLE submissions ADD COLUMN bg_deprivation TEXT NOT NULL DEFAULT '' CHECK (length(bg_deprivation) <= 20);
