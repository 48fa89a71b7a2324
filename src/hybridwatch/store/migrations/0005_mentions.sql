-- Entities named in documents, with their spans (character offsets into the title or the text).
CREATE TABLE mentions (
    id           INTEGER PRIMARY KEY,
    document_id  TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    field        TEXT NOT NULL,          -- title | text
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    surface      TEXT NOT NULL,          -- as written
    method       TEXT NOT NULL,          -- gazetteer | ner:<model>
    pack_version TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions (entity_id);
CREATE INDEX mentions_document ON mentions (document_id);

-- How far an incremental analysis has read the documents (by insertion number).
CREATE TABLE analysis_state (
    analysis  TEXT PRIMARY KEY,
    last_seq  INTEGER NOT NULL,
    detail    TEXT NOT NULL DEFAULT '{}'
);
