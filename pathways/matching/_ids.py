"""Map many string ids to integer indices quickly.

A Python dict lookup costs about a microsecond per id once the table and the strings no longer fit
in cache (300,000 student ids looked up 3,000,000 times). Here the ids become a fixed-width NumPy
string array, each id is hashed with a vectorised FNV-style hash over its UTF-32 code units, and
the lookup is a `searchsorted` over the sorted hashes of the known ids. Every hit is then checked
by comparing the strings themselves, so a hash collision can never map an id to the wrong index:
at worst it makes an id look unknown, and the caller's slow path (plain dicts) explains it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

_FNV_PRIME = np.uint64(1099511628211)
_FNV_OFFSET = np.uint64(14695981039346656037)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)


_CHUNK = 1 << 17  # queries per batch: keeps temporaries small enough to reuse memory


def _hash_rows(array: npt.NDArray[np.str_], width: int) -> npt.NDArray[np.uint64]:
    """64-bit hash of each string over its first `width` code units (zero-padded)."""
    own = array.dtype.itemsize // 4
    units = np.ascontiguousarray(array).view(np.uint32).reshape(array.size, own)
    hashes = np.full(array.size, _FNV_OFFSET, dtype=np.uint64)
    for column in range(width):
        if column < own:
            hashes ^= units[:, column]
        hashes *= _FNV_PRIME  # wraps modulo 2**64, as intended
    # FNV's high bits are poorly mixed for short ids; the buckets use them, so finish with the
    # SplitMix64 mixer.
    hashes ^= hashes >> np.uint64(30)
    hashes *= _MIX_1
    hashes ^= hashes >> np.uint64(27)
    hashes *= _MIX_2
    hashes ^= hashes >> np.uint64(31)
    return hashes


def _no_nul(array: npt.NDArray[np.str_], strings: Sequence[str]) -> bool:
    """NumPy drops trailing NULs: true when the array kept every character."""
    return int(np.strings.str_len(array).sum()) == sum(map(len, strings))


class _Table:
    """The known ids, hashed and bucketed on the top bits of the hash (about two buckets per id),
    so a lookup is one or two probes rather than a binary search."""

    def __init__(self, known: npt.NDArray[np.str_], hashes: npt.NDArray[np.uint64]) -> None:
        self.known = known
        self.width = known.dtype.itemsize // 4
        self.order = np.argsort(hashes)
        self.sorted_hash = hashes[self.order]
        bits = max(1, (2 * hashes.size - 1).bit_length())
        self.shift = np.uint64(64 - bits)
        self.bucket_start = np.searchsorted(
            self.sorted_hash >> self.shift, np.arange((1 << bits) + 1, dtype=np.uint64)
        ).astype(np.int64)

    def lookup(self, queries: npt.NDArray[np.str_]) -> IntArray:
        sorted_hash = self.sorted_hash
        query_hash = _hash_rows(queries, self.width)
        bucket = (query_hash >> self.shift).astype(np.int64)
        low = self.bucket_start[bucket]
        high = self.bucket_start[bucket + 1]
        found = sorted_hash[np.minimum(low, sorted_hash.size - 1)] == query_hash
        found &= low < high
        position = np.where(found, low, np.int64(-1))
        pending = np.flatnonzero(~found & (low + 1 < high))  # shares a bucket: probe on
        probe = 1
        while pending.size:
            candidate = low[pending] + probe
            alive = candidate < high[pending]
            pending, candidate = pending[alive], candidate[alive]
            hit_here = sorted_hash[candidate] == query_hash[pending]
            position[pending[hit_here]] = candidate[hit_here]
            pending = pending[~hit_here]
            probe += 1
        hit = np.flatnonzero(position >= 0)
        index = self.order[position[hit]]
        # The strings themselves must agree: a hash match alone never maps an id.
        verified = self.known[index] == queries[hit]
        result = np.full(queries.size, -1, dtype=np.int64)
        result[hit[verified]] = index[verified]
        return result


def map_ids(known: Sequence[str], queries: Sequence[object]) -> IntArray | None:
    """Index of each query within `known` (-1 when absent), or None to ask for the slow path.

    `known` must hold distinct non-empty strings. None means the fast path cannot answer for
    sure: a query that is not a string, a hash collision among the known ids, or a NUL character
    (NumPy strings cannot hold one at the end of a string).
    """
    if not queries:
        return np.zeros(0, dtype=np.int64)
    if not known:
        return None
    known_arr = np.array(known, dtype=str)
    if not _no_nul(known_arr, known):
        return None
    known_hash = _hash_rows(known_arr, known_arr.dtype.itemsize // 4)
    if np.unique(known_hash).size != known_hash.size:
        return None
    table = _Table(known_arr, known_hash)
    result = np.empty(len(queries), dtype=np.int64)
    # Chunks keep the temporaries small, and each chunk's string objects are read by the type
    # check, the conversion and the NUL check while they are still in cache.
    for start in range(0, len(queries), _CHUNK):
        chunk = queries[start : start + _CHUNK]
        if set(map(type, chunk)) != {str}:
            return None
        strings = cast("Sequence[str]", chunk)
        chunk_arr = np.array(strings, dtype=str)
        if not _no_nul(chunk_arr, strings):
            return None
        result[start : start + len(chunk)] = table.lookup(chunk_arr)
    return result
