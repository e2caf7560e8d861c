"""Pages: family (see students/urls.py)."""
