"""Claims: check-worthy sentences, known fact-checks, and matching between them."""
