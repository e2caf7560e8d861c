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

import math
import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

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
    doc_lengths: list[int]
    postings: dict[str, list[tuple[int, int]]]  # word -> [(doc, position)]
    vocabulary: list[str]
    popularity: dict[str, float]


_lock = threading.Lock()
_index: _Index | None = None


def _current_version() -> str:
    loaded = DatasetImport.objects.filter(name="occupations").values_list("loaded_at", flat=True).first()
    return loaded.isoformat() if loaded else "empty"


def _build(version: str) -> _Index:
    codes: list[str] = []
    texts: list[str] = []
    kinds: list[str] = []
    lengths: list[int] = []
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)

    def add(code: str, text: str, kind: str) -> None:
        words = normalize(text)
        if not words:
            return
        doc = len(codes)
        codes.append(code)
        texts.append(text)
        kinds.append(kind)
        lengths.append(len(set(words)))
        for position, word in enumerate(words):
            postings[word].append((doc, position))

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
    popularity = {
        code: math.log1p(employment.get(soc, 0)) / math.log1p(top)
        for code, soc in Occupation.objects.values_list("code", "soc_code")
    }
    return _Index(version, codes, texts, kinds, lengths, dict(postings), sorted(postings), popularity)


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
        for other, distance, _ in process.extract(
            word, index.vocabulary, scorer=Levenshtein.distance, score_cutoff=max_distance, limit=12
        ):
            if distance and abs(len(other) - len(word)) <= max_distance:
                found.setdefault(other, 0.8 if distance == 1 else 0.6)
    return found


def _prefix_words(index: _Index, prefix: str, limit: int = 40) -> list[str]:
    import bisect

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
    # doc -> per-query-word best quality
    quality: dict[int, list[float]] = defaultdict(lambda: [0.0] * len(words))
    for i, word in enumerate(words):
        for candidate, score in _candidates(index, word, is_last=i == len(words) - 1).items():
            for doc, _position in index.postings[candidate]:
                row = quality[doc]
                if score > row[i]:
                    row[i] = score
    best: dict[str, tuple[float, int]] = {}
    n = len(words)
    for doc, row in quality.items():
        matched = sum(1 for q in row if q)
        coverage = matched / n
        if coverage < 0.5:
            continue
        tightness = min(1.0, matched / index.doc_lengths[doc])
        score = (sum(row) / n) * coverage * (0.55 + 0.45 * tightness) * KIND_WEIGHT[index.doc_kinds[doc]]
        code = index.doc_codes[doc]
        if code not in best or score > best[code][0]:
            best[code] = (score, doc)
    ranked = sorted(
        best.items(), key=lambda item: (-(item[1][0] + 0.03 * index.popularity.get(item[0], 0.0)), item[0])
    )
    return [
        Hit(code, round(score, 4), index.doc_texts[doc], index.doc_kinds[doc])
        for code, (score, doc) in ranked[:limit]
    ]
