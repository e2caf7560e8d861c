"""Small-cell suppression: primary (denominator below the minimum n) and complementary (no
suppressed value can be recovered by subtraction, across subgroups and across units)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathways.reports.engine import PARENT_LEVEL, Cell, Units, compute_indicators
from pathways.reports.metrics import PARTITIONS, Rules
from pathways.reports.studentyears import concat_years, parse_student_years
from pathways.reports.suppression import suppress
from pathways.reports.synthetic import generate_region

MIN_N = 10


def cell(
    level: str,
    unit: str,
    subgroup: str,
    den: int,
    *,
    parent: str = "",
    num: int | None = None,
    ind: str = "1S1",
) -> Cell:
    num = den // 2 if num is None else num
    return Cell(ind, 2025, level, unit, subgroup, num, den, num / den if den else None, False, parent)


def hidden(cells: list[Cell]) -> set[tuple[str, str, str]]:
    return {(c.level, c.unit, c.subgroup) for c in suppress(cells, MIN_N) if c.suppressed}


def test_primary_suppression_blanks_the_numbers() -> None:
    cells = [cell("consortium", "alpha", "all", 9), cell("consortium", "alpha", "homeless", 3)]
    cells.append(cell("consortium", "beta", "all", 10))
    published = suppress(cells, MIN_N)
    assert [c.suppressed for c in published] == [True, True, False]
    assert (published[0].numerator, published[0].denominator, published[0].rate) == (None, None, None)
    assert published[2] == cells[2]  # untouched, same order


def test_a_zero_denominator_is_no_small_cell_and_min_n_zero_hides_nothing() -> None:
    cells = [cell("consortium", "alpha", "all", 0)]
    assert not suppress(cells, MIN_N)[0].suppressed
    assert not any(c.suppressed for c in suppress([cell("consortium", "a", "all", 1)], 0))


def test_one_suppressed_sex_cell_takes_the_next_smallest_with_it() -> None:
    cells = [
        cell("school", "S1", "all", 40),
        cell("school", "S1", "sex:F", 25),
        cell("school", "S1", "sex:M", 12),
        cell("school", "S1", "sex:X", 3),  # primary; X = all - F - M otherwise
        cell("school", "S1", "homeless", 15),
    ]
    assert hidden(cells) == {("school", "S1", "sex:X"), ("school", "S1", "sex:M")}


def test_suppressed_race_cells_must_add_up_to_the_minimum() -> None:
    cells = [
        cell("school", "S1", "all", 40),
        cell("school", "S1", "race:white", 25),
        cell("school", "S1", "race:hispanic_latino", 8),
        cell("school", "S1", "race:black_african_american", 4),
        cell("school", "S1", "race:asian", 3),
    ]
    # asian 3 + black 4 = 7 would be readable as a group of 7: hispanic (8) is hidden too
    assert hidden(cells) == {
        ("school", "S1", "race:hispanic_latino"),
        ("school", "S1", "race:black_african_american"),
        ("school", "S1", "race:asian"),
    }


def test_two_suppressed_cells_that_reach_the_minimum_are_enough() -> None:
    cells = [
        cell("school", "S1", "all", 40),
        cell("school", "S1", "race:white", 26),
        cell("school", "S1", "race:hispanic_latino", 6),
        cell("school", "S1", "race:asian", 8),
    ]
    assert hidden(cells) == {("school", "S1", "race:hispanic_latino"), ("school", "S1", "race:asian")}


def test_schools_of_a_district_and_the_cascade_into_their_subgroups() -> None:
    cells = [
        cell("district", "D1", "all", 60, parent="alpha"),
        cell("school", "S1", "all", 30, parent="D1"),
        cell("school", "S2", "all", 25, parent="D1"),
        cell("school", "S3", "all", 5, parent="D1"),  # primary
        cell("school", "S2", "sex:F", 13, parent="D1"),
        cell("school", "S2", "sex:M", 12, parent="D1"),
    ]
    # S3 = D1 - S1 - S2, so the smallest other school (S2) is hidden; then S2 = F + M, so the smaller
    # of S2's sex cells (M) is hidden; then sex:M of D1 = S2's M alone (no district sex cells here).
    assert hidden(cells) == {("school", "S3", "all"), ("school", "S2", "all"), ("school", "S2", "sex:M")}


def test_special_populations_are_protected_across_units_only() -> None:
    cells = [
        cell("consortium", "alpha", "all", 200),
        cell("consortium", "alpha", "homeless", 18),
        cell("district", "D1", "all", 100, parent="alpha"),
        cell("district", "D2", "all", 100, parent="alpha"),
        cell("district", "D1", "homeless", 3, parent="alpha"),
        cell("district", "D2", "homeless", 15, parent="alpha"),
    ]
    # all - homeless is not a published cell: nothing within a unit; but D2 = alpha - D1
    assert hidden(cells) == {("district", "D1", "homeless"), ("district", "D2", "homeless")}


def test_programs_partition_their_cluster_and_clusters_the_consortium() -> None:
    cells = [
        cell("consortium", "alpha", "all", 100),
        cell("cluster", "health", "all", 60, parent="alpha"),
        cell("cluster", "construction", "all", 40, parent="alpha"),
        cell("program", "NURS", "all", 52, parent="health"),
        cell("program", "EMT", "all", 8, parent="health"),
    ]
    assert hidden(cells) == {("program", "EMT", "all"), ("program", "NURS", "all")}
    # clusters: one suppressed -> the other too
    cells[2] = cell("cluster", "construction", "all", 4, parent="alpha")
    assert {("cluster", "construction", "all"), ("cluster", "health", "all")} <= hidden(cells)


def test_indicators_and_years_are_separate_tables() -> None:
    cells = [
        cell("school", "S1", "all", 30, ind="1S1"),
        cell("school", "S1", "sex:F", 25, ind="1S1"),
        cell("school", "S1", "sex:M", 5, ind="1S1"),
        cell("school", "S1", "sex:F", 25, ind="4S1"),
        cell("school", "S1", "all", 30, ind="4S1"),
    ]
    assert hidden(cells) == {("school", "S1", "sex:M"), ("school", "S1", "sex:F")}
    assert not suppress(cells, MIN_N)[3].suppressed  # 4S1's F cell is untouched


@pytest.mark.parametrize("seed", [1, 2])
def test_on_a_synthetic_region_no_published_sum_has_exactly_one_hidden_term(
    seed: int, tmp_path: Path
) -> None:
    region = generate_region(tmp_path, students=3000, years=3, seed=seed)
    parsed = concat_years([parse_student_years(f) for f in region.files]).columns
    rules = Rules(nontraditional=region.nontraditional)
    cells = compute_indicators(parsed, region.years[-1], rules, Units(), consortium_unit="r")
    published = suppress(cells, MIN_N)
    assert any(c.suppressed for c in published) and not all(c.suppressed for c in published)
    for before, after in zip(cells, published, strict=True):
        assert after.suppressed == (after.numerator is None) == (after.denominator is None)
        assert after.suppressed or after == before
        if before.denominator is not None and before.denominator < MIN_N:
            assert after.suppressed
    at = {c.key: c for c in published}
    for c in published:  # within units
        if c.subgroup == "all":
            for partition in PARTITIONS:
                terms = [c] + [at[k] for s in partition if (k := (*c.key[:4], s)) in at]
                assert sum(t.suppressed for t in terms) != 1, (c.key, partition)
    children: dict[tuple[str, int, str, str, str], list[Cell]] = {}
    for c in published:  # across units
        if c.level in PARENT_LEVEL:
            children.setdefault(
                (c.indicator, c.year, PARENT_LEVEL[c.level], c.parent, c.subgroup), []
            ).append(c)
    for key, kids in children.items():
        if key in at:
            assert sum(t.suppressed for t in [at[key], *kids]) != 1, key
