-- Watch rules (as the analyst wrote them), the documents each matched, and the alerts they raised.
CREATE TABLE watch_rules (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    rule      TEXT NOT NULL,              -- the rule as JSON (parsed from YAML)
    last_seq  INTEGER NOT NULL DEFAULT 0, -- documents up to here were evaluated
    added_at  TEXT NOT NULL
);

CREATE TABLE watch_matches (
    rule_id       TEXT NOT NULL,
    document_id   TEXT NOT NULL,
    published_at  TEXT,
    PRIMARY KEY (rule_id, document_id)
) WITHOUT ROWID;
CREATE INDEX watch_matches_time ON watch_matches (rule_id, published_at);

CREATE TABLE alerts (
    id        INTEGER PRIMARY KEY,
    rule_id   TEXT NOT NULL,
    key       TEXT NOT NULL,              -- what makes it one alert (a document, a window, a surge day)
    fired_at  TEXT NOT NULL,
    severity  TEXT NOT NULL,
    title     TEXT NOT NULL,
    evidence  TEXT NOT NULL,              -- JSON: document ids, network, narrative, counts
    delivery  TEXT NOT NULL DEFAULT '{}', -- JSON: channel -> "sent" or the error
    read      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (rule_id, key)
);
