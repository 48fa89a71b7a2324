-- What claim matching extracts from each fact-check's text (numbers, years, names, dates), by content
-- hash and extractor version: extracted once, read back at every index build.
CREATE TABLE text_signals (
    hash     TEXT NOT NULL,
    version  TEXT NOT NULL,
    signals  TEXT NOT NULL,
    PRIMARY KEY (hash, version)
) WITHOUT ROWID;

-- The versions written, latest last: the two latest are kept (two installs sharing a store, an
-- upgrade and its rollback), older ones dropped.
CREATE TABLE text_signals_versions (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    version  TEXT NOT NULL UNIQUE
);
