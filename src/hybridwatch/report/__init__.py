"""Reports: the corpus summary now; the weekly brief, STIX and exports build on it."""
