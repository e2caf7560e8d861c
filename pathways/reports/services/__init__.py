"""Writes of the reports app: importing student-year files (imports.py) and computing the stored
rollups every dashboard reads (rollups.py). Each takes the acting user and runs in a transaction."""
