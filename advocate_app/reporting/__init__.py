"""Anonymised reports over the cases in the store. No Qt."""
