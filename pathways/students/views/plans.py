"""Pages: plans (see students/urls.py)."""
