"""Models of the consortia app."""
