"""Models of the programs app."""
