"""Occupation search over titles, alternate titles and reported job titles.

Forgives plurals (a light English stemmer), typos (Levenshtein distance 1-2 over the index's
vocabulary, with RapidFuzz) and unfinished words (the last word matches as a prefix, for
search-as-you-type). The index lives in memory per process (about 65,000 titles), is built on
first use, and is rebuilt when the `occupations` dataset is reloaded.

Scoring, for each title: the mean over query words of the best match quality (exact 1.0,
prefix 0.85, one typo 0.8, two typos 0.6), times the share of the title's words the query
covers (so "Registered Nurses" beats "Nurse Anesthetists, Certified Registered"), times the
kind of title (official 1.0, alternate 0.92, reported 0.9). An occupation scores its best title;
ties go to the occupation with more jobs nationally (BLS OEWS).
"""

from __future__ import annotations

import bisect
import math
import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pathways.core.models import DatasetImport

from .models import Occupation, OccupationTitle

WORD_RE = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset({"and", "or", "of", "the", "a", "an", "in", "for", "to", "all", "other", "with"})
KIND_WEIGHT = {"title": 1.0, OccupationTitle.Kind.ALTERNATE: 0.92, OccupationTitle.Kind.REPORTED: 0.9}
MAX_QUERY_WORDS = 8
MAX_QUERY_LENGTH = 100


def stem(word: str) -> str:
    """Fold an English plural to its singular, well enough for job titles."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalize(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [stem(w) for w in WORD_RE.findall(folded) if w not in STOPWORDS]


@dataclass(frozen=True)
class Hit:
    code: str
    score: float
    matched_title: str  # the title that matched best (may be an alternate title)
    matched_kind: str


@dataclass
class _Index:
    version: str
    doc_codes: list[str]
    doc_texts: list[str]
    doc_kinds: list[str]
    doc_occupation: NDArray[np.int32]  # index into `codes` for each doc
    doc_lengths: NDArray[np.float32]  # distinct words per doc
    doc_weight: NDArray[np.float32]  # KIND_WEIGHT per doc
    postings: dict[str, NDArray[np.int32]]  # word -> docs containing it
    vocabulary: list[str]  # sorted, for prefix lookups
    by_length: dict[int, list[str]]  # vocabulary by word length, for typo lookups
    codes: list[str]  # occupation codes
    popularity: NDArray[np.float32]  # per occupation, 0-1 (log of national employment)


_lock = threading.Lock()
_index: _Index | None = None


def _current_version() -> str:
    loaded = DatasetImport.objects.filter(name="occupations").values_list("loaded_at", flat=True).first()
    return loaded.isoformat() if loaded else "empty"


def _build(version: str) -> _Index:
    texts: list[str] = []
    kinds: list[str] = []
    doc_codes: list[str] = []
    lengths: list[int] = []
    postings: dict[str, list[int]] = defaultdict(list)

    def add(code: str, text: str, kind: str) -> None:
        words = normalize(text)
        if not words:
            return
        doc = len(doc_codes)
        doc_codes.append(code)
        texts.append(text)
        kinds.append(kind)
        lengths.append(len(set(words)))
        for word in dict.fromkeys(words):
            postings[word].append(doc)

    for code, title in Occupation.objects.values_list("code", "title"):
        add(code, title, "title")
    for code, title, kind in OccupationTitle.objects.values_list("occupation_id", "title", "kind"):
        add(code, title, kind)

    from pathways.labor.models import NATIONAL_CODE, Wage  # labor is reference data too

    employment: dict[str, int] = {
        soc: jobs or 0
        for soc, jobs in Wage.objects.filter(area_id=NATIONAL_CODE).values_list("soc_code", "employment")
    }
    top = max(employment.values(), default=1)
    socs = dict(Occupation.objects.values_list("code", "soc_code"))
    codes = sorted(socs)
    position = {code: i for i, code in enumerate(codes)}
    popularity = np.array(
        [math.log1p(employment.get(socs[code], 0)) / math.log1p(top) for code in codes], dtype=np.float32
    )
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in postings:
        by_length[len(word)].append(word)
    return _Index(
        version=version,
        doc_codes=doc_codes,
        doc_texts=texts,
        doc_kinds=kinds,
        doc_occupation=np.array([position[c] for c in doc_codes], dtype=np.int32),
        doc_lengths=np.array(lengths, dtype=np.float32),
        doc_weight=np.array([KIND_WEIGHT[k] for k in kinds], dtype=np.float32),
        postings={word: np.array(docs, dtype=np.int32) for word, docs in postings.items()},
        vocabulary=sorted(postings),
        by_length=dict(by_length),
        codes=codes,
        popularity=popularity,
    )


def get_index() -> _Index:
    global _index
    version = _current_version()
    if _index is None or _index.version != version:
        with _lock:
            if _index is None or _index.version != version:
                _index = _build(version)
    return _index


def _candidates(index: _Index, word: str, *, is_last: bool) -> dict[str, float]:
    """Vocabulary words that may stand for `word`, with a match quality."""
    found: dict[str, float] = {}
    if word in index.postings:
        found[word] = 1.0
    if is_last and len(word) >= 3:
        # Search as you type: "weld" finds "welder", "welding".
        for other in _prefix_words(index, word):
            found.setdefault(other, 0.85)
    if len(word) >= 4:
        max_distance = 1 if len(word) <= 5 else 2
        # Only words whose length is within reach can be within the distance.
        nearby = [
            w
            for n in range(len(word) - max_distance, len(word) + max_distance + 1)
            for w in index.by_length.get(n, ())
        ]
        for other, distance, _ in process.extract(
            word, nearby, scorer=Levenshtein.distance, score_cutoff=max_distance, limit=12
        ):
            if distance:
                found.setdefault(other, 0.8 if distance == 1 else 0.6)
    return found


def _prefix_words(index: _Index, prefix: str, limit: int = 40) -> list[str]:
    start = bisect.bisect_left(index.vocabulary, prefix)
    words = []
    for other in index.vocabulary[start : start + limit]:
        if not other.startswith(prefix):
            break
        words.append(other)
    return words


def search(query: str, *, limit: int = 50) -> list[Hit]:
    """Occupations matching `query`, best first."""
    words = normalize(query[:MAX_QUERY_LENGTH])[:MAX_QUERY_WORDS]
    if not words:
        return []
    index = get_index()
    n = len(words)
    # quality[i, doc]: how well the doc matches query word i (0 = not at all).
    quality = np.zeros((n, len(index.doc_codes)), dtype=np.float32)
    for i, word in enumerate(words):
        row = quality[i]
        for candidate, score in _candidates(index, word, is_last=i == n - 1).items():
            docs = index.postings[candidate]
            np.maximum.at(row, docs, np.float32(score))
    touched = np.flatnonzero(quality.any(axis=0))
    if touched.size == 0:
        return []
    sub = quality[:, touched]
    matched = (sub > 0).sum(axis=0)
    keep = matched / n >= 0.5
    touched, sub, matched = touched[keep], sub[:, keep], matched[keep]
    if touched.size == 0:
        return []
    coverage = matched / n
    tightness = np.minimum(1.0, matched / index.doc_lengths[touched])
    scores = sub.mean(axis=0) * coverage * (0.55 + 0.45 * tightness) * index.doc_weight[touched]
    occupations = index.doc_occupation[touched]
    # Each occupation scores its best title: sort by (occupation, -score) and take the first of each.
    order = np.lexsort((-scores, occupations))
    first = np.unique(occupations[order], return_index=True)[1]
    best_docs, best_scores = touched[order][first], scores[order][first]
    best_occupations = occupations[order][first]
    ranking = best_scores + 0.03 * index.popularity[best_occupations]
    # Highest first; ties by occupation code (codes are sorted, so by index).
    top = np.lexsort((best_occupations, -ranking))[:limit]
    return [
        Hit(
            index.codes[best_occupations[i]],
            round(float(best_scores[i]), 4),
            index.doc_texts[best_docs[i]],
            index.doc_kinds[best_docs[i]],
        )
        for i in top
    ]
