-- Near-copy keys of every text narratives have counted (analyse/narratives/copies.py): a text that
-- shares one repeats an earlier text and adds nothing to the document frequencies. Texts counted
-- before this table existed have no keys: a later copy of one of them counts once more.
CREATE TABLE narrative_seen (
    key  INTEGER PRIMARY KEY
) WITHOUT ROWID;
