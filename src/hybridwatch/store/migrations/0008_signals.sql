-- What claim matching extracts from each fact-check's text (numbers, years, names, dates), by content
-- hash and extractor version: extracted once, read back at every index build (5-8x faster).
CREATE TABLE text_signals (
    hash     TEXT NOT NULL,
    version  TEXT NOT NULL,
    signals  TEXT NOT NULL,
    PRIMARY KEY (hash, version)
) WITHOUT ROWID;
