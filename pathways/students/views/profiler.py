"""Pages: profiler (see students/urls.py)."""
