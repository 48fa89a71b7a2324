"""Security events: who did what to whom, when and where, from news sentences."""
