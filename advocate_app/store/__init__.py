"""The encrypted local case store (SQLite). No Qt."""
