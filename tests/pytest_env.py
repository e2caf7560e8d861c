"""Loaded with `-p tests.pytest_env` (see pyproject.toml) before pytest-django reads settings.

Tests run with the development defaults (DEBUG on, the dev-only secret) so that a bare
`python -m pytest` works from a fresh clone, as `make test` does.
"""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("PATHWAYS_TESTING", "true")
