"""The fast id mapping: exact even when hashes collide, with a dict fallback."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.matching import _ids, stable
from pathways.matching.stable import stable_match

from .reference import deferred_acceptance, random_instance


def first_letter_hash(array: npt.NDArray[np.str_], width: int) -> npt.NDArray[np.uint64]:
    """A terrible hash: ids sharing a first letter collide."""
    units = np.ascontiguousarray(array).view(np.uint32).reshape(array.size, -1)
    return units[:, 0].astype(np.uint64) << np.uint64(40)


class TestMapIds:
    @settings(max_examples=80, deadline=None)
    @given(
        st.lists(st.text(min_size=1, max_size=8), max_size=30, unique=True),
        st.lists(st.text(max_size=8), max_size=60),
    )
    def test_it_agrees_with_a_dict(self, known: list[str], queries: list[str]) -> None:
        known = [k for k in known if k.strip()]
        found = _ids.map_ids(known, queries)
        index = {k: i for i, k in enumerate(known)}
        expected = [index.get(q, -1) for q in queries]
        if found is None:  # no known ids, or NULs, which NumPy strings cannot hold
            assert not known or any("\x00" in s for s in known + queries)
        else:
            assert found.tolist() == expected

    def test_it_never_maps_an_id_on_a_hash_match_alone(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_ids, "_hash_rows", first_letter_hash)
        found = _ids.map_ids(["apple", "banana"], ["avocado", "banana", "apple", "b"])
        assert found is not None
        assert found.tolist() == [-1, 1, 0, -1]

    def test_it_falls_back_when_known_ids_collide(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_ids, "_hash_rows", first_letter_hash)
        monkeypatch.setattr(stable, "FAST_LOOKUP_MIN_KNOWN", 0)
        monkeypatch.setattr(stable, "FAST_LOOKUP_MIN_QUERIES", 0)
        assert _ids.map_ids(["apple", "avocado"], ["apple"]) is None
        data = random_instance(4, 80, 12, 4)  # "s..." and "o..." ids all collide
        assert stable_match(data) == deferred_acceptance(data)

    def test_it_hands_non_strings_to_the_slow_path(self) -> None:
        assert _ids.map_ids(["a", "b"], ["a", 1]) is None

    def test_it_maps_across_chunks(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_ids, "_CHUNK", 7)
        known = [f"id{i}" for i in range(40)]
        queries = [f"id{i}" for i in range(45)] * 2
        found = _ids.map_ids(known, queries)
        assert found is not None
        assert found.tolist() == ([*range(40), -1, -1, -1, -1, -1]) * 2
