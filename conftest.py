"""Suite-wide fixtures.

The test database gets the small public-data cut in tests/fixtures/public/ once per session
(`public_data`); tests that need it ask for `catalog_db`. The network is off: any attempt to
open a socket to a non-loopback address fails the test (importers read checked-in files only).
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.cast import Cast, build_cast

FIXTURE_DATA = Path(__file__).parent / "tests" / "fixtures" / "public"


@pytest.fixture(scope="session", autouse=True)
def _no_network() -> Iterator[None]:
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family == socket.AF_UNIX or str(host) in {"127.0.0.1", "localhost", "::1"}:
            return real_connect(self, address)  # type: ignore[arg-type]
        raise RuntimeError(f"Tests may not use the network (tried {host})")

    socket.socket.connect = guarded  # type: ignore[method-assign]
    yield
    socket.socket.connect = real_connect  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    """Load the public-data cut once, right after the test database is created."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("load_public_data", data_dir=FIXTURE_DATA, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def public_data_copy(tmp_path: Path) -> Path:
    """A writable copy of the public-data cut, for tests that break or change a file."""
    target = tmp_path / "public"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture
def cast(db: None) -> Cast:
    """Two consortia with every role (tests/cast.py); the Beta counselor is the outsider."""
    return build_cast()


@pytest.fixture
def catalog_db(db: None) -> None:
    """The test database with the public-data cut loaded (rolled back after each test)."""
    from pathways.labor.selectors import area_cache_clear

    area_cache_clear()
