"""Occupation search: word folding (`normalize`, `stem`) and ranking over the fixture cut."""

from __future__ import annotations

import pytest

from pathways.catalog.search import normalize, search, stem


class TestStem:
    @pytest.mark.parametrize(
        ("word", "expected"),
        [
            ("nurses", "nurse"),
            ("welders", "welder"),
            ("technologies", "technology"),
            ("boxes", "box"),
            ("coaches", "coach"),
            ("brushes", "brush"),
            ("classes", "class"),
        ],
    )
    def test_it_folds_plurals_to_the_singular(self, word: str, expected: str) -> None:
        assert stem(word) == expected

    @pytest.mark.parametrize("word", ["glass", "status", "analysis", "bus", "gas", "2024", "nurse"])
    def test_it_leaves_singulars_and_short_words_alone(self, word: str) -> None:
        assert stem(word) == word


class TestNormalize:
    def test_it_lowercases_splits_and_stems(self) -> None:
        assert normalize("Registered Nurses") == ["registered", "nurse"]

    def test_it_drops_stopwords_and_punctuation(self) -> None:
        assert normalize("Welders, Cutters, Solderers, and Brazers") == [
            "welder",
            "cutter",
            "solderer",
            "brazer",
        ]
        assert normalize("Computer Occupations, All Other") == ["computer", "occupation"]

    def test_it_folds_accents(self) -> None:
        assert normalize("Técnico en Électricité") == ["tecnico", "en", "electricite"]
        assert normalize("Señor Chef") == ["senor", "chef"]

    def test_it_gives_nothing_for_nothing(self) -> None:
        assert normalize("") == []
        assert normalize(" -- , ") == []
        assert normalize("the and of") == []


@pytest.mark.usefixtures("catalog_db")
class TestSearch:
    def test_it_ranks_the_official_title_first(self) -> None:
        hits = search("registered nurse")
        assert hits[0].code == "29-1141.00"
        assert hits[0].matched_kind == "title"
        assert hits[0].matched_title == "Registered Nurses"

    def test_it_finds_registered_nurses_by_one_word(self) -> None:
        assert "29-1141.00" in [h.code for h in search("nurse")[:3]]

    @pytest.mark.parametrize(
        ("query", "code"),
        [
            ("welders", "51-4121.00"),
            ("welder", "51-4121.00"),
            ("sofware developer", "15-1252.00"),
            ("softwear developers", "15-1252.00"),
            ("diesel mechanic", "49-3031.00"),
            ("électricians", "47-2111.00"),
            ("chefs", "35-1011.00"),
        ],
    )
    def test_it_forgives_plurals_typos_and_accents(self, query: str, code: str) -> None:
        assert search(query)[0].code == code

    def test_it_matches_the_last_word_as_a_prefix(self) -> None:
        assert search("weld")[0].code == "51-4121.00"
        assert search("registered nur")[0].code == "29-1141.00"

    def test_it_finds_alternate_titles(self) -> None:
        hit = search("diesel mechanic")[0]
        assert hit.matched_kind == "alternate"
        assert hit.matched_title == "Diesel Mechanic"

    def test_it_orders_hits_by_score(self) -> None:
        scores = [h.score for h in search("nurse")]
        assert scores == sorted(scores, reverse=True)

    def test_it_respects_the_limit(self) -> None:
        assert len(search("nurse", limit=1)) == 1

    def test_it_finds_nothing_for_gibberish_or_an_empty_query(self) -> None:
        assert search("qqqzzzxxx") == []
        assert search("") == []
        assert search("the of and") == []
