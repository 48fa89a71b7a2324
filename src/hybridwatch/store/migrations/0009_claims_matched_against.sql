-- Which fact-checks a claim was matched against: the store's latest fact-check (by seq) at the
-- time. A claim matched before a later import is matched again, against everything, by the next
-- `claims match-all`; before this, it was never looked at again.
ALTER TABLE claims ADD COLUMN matched_seq INTEGER;
UPDATE claims SET matched_seq = (
    SELECT coalesce(max(f.seq), 0) FROM factchecks f WHERE f.imported_at <= claims.matched_at
) WHERE matched_at IS NOT NULL;
CREATE INDEX claims_to_match ON claims (checkworthy, matched_seq);
