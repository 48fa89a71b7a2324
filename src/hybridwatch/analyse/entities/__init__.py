"""Entity linking: the knowledge pack's names found in documents, with their spans."""
