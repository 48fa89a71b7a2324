"""Watch rules and alerts: what the analyst wants to hear about, found as documents arrive."""
