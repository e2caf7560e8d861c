"""A synthetic region: realistic student-year CSVs (the documented format) for demos and
benchmarks. Pure: no Django models, no database. Deterministic for a seed.

    region = generate_region(out_dir, students=250_000, years=4, seed=7)

`students` is the enrolment in grades 9-12 of each school year, so each file has about that many
rows. Students are simulated cohort by cohort (grade 9 in cohort_year - 3) through up to five
school years (a fifth for extended-year students); the files hold the school years
`first_year .. first_year + years - 1`. Distributions (documented in docs/reports-indicators.md,
"Synthetic region"):

- sex F 48.5%, M 50.5%, X 1%; race/ethnicity roughly New Mexico's public-school enrolment
  (Hispanic 62%, White 21%, American Indian 10%, Two or more 2.5%, Black 2%, Asian 1.3%,
  Native Hawaiian/Pacific Islander 0.2%, unknown 1%);
- special populations: economically disadvantaged 70% (Hispanic, American Indian, Black) or 45%
  (others), disability 16%, English learner 20% of Hispanic and American Indian students and 5%
  of others (15% reclassified each year), homeless 3% a year, foster care 0.5%, military parent
  2%, single parent 0.5-2.5% rising with grade, out of workforce 0.3%; 0.5% of flags blank;
- CTE: 30% start a program in grade 9, 12% in 10, 8% in 11, 4% in 12, 46% never; each year in
  a program they complete 0, 1 or 2 courses (35/45/20%); 6% switch program each year (the count
  restarts). Programs are chosen among the school's offer, half as often when the program is
  non-traditional for the student's sex. About 40% of each cohort become concentrators;
- dropout about 2.5-3% a year (less for concentrators); four-year graduation about 78% of a
  cohort and about 90% of concentrators; 60% of non-graduates stay a fifth year, half of whom
  graduate;
- state tests in grade 11: reading about 38%, mathematics 22%, science 35% proficient (4% blank);
- exit placement: graduates postsecondary 42%, employed 22%, military 3%, advanced training 2%,
  service 1%, none 15%, unknown 15%; others employed 25%, none 37%, unknown 33%, advanced
  training 3%, military 2%;
- credentials (about 10% a year once a concentrator), dual credit (15% a year in grades 11-12 for
  CTE students, 8% for others, 3-4 credits each), work-based learning (12% a year in grades
  11-12 for concentrators, 3% for others); all three cumulative (the row says "by the end of this
  year");
- schools: sizes log-normal; 12-digit NCES-like codes whose first 7 digits are the district's
  LEA code ("35" New Mexico + 5 digits); about one district per three schools; each school offers
  4-10 of the programs.

Schools and programs may be given (the demo consortium's real codes); otherwise invented.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from .studentyears import RACES, REQUIRED_COLUMNS

COLUMNS: Final[tuple[str, ...]] = (*REQUIRED_COLUMNS, "district_code", "cluster_code")
FIRST_YEAR: Final = 2022

SEX_SHARES: Final = (("F", 0.485), ("M", 0.505), ("X", 0.01))
RACE_SHARES: Final = (
    ("hispanic_latino", 0.62),
    ("white", 0.21),
    ("american_indian_alaska_native", 0.10),
    ("two_or_more", 0.025),
    ("black_african_american", 0.02),
    ("asian", 0.013),
    ("native_hawaiian_pacific_islander", 0.002),
    ("unknown", 0.01),
)
CTE_START: Final = (0.30, 0.12, 0.08, 0.04)  # grade 9, 10, 11, 12; the rest never
COURSES_PER_YEAR: Final = (0.35, 0.45, 0.20)  # 0, 1, 2 courses
PLACEMENT_GRADUATE: Final = (
    ("postsecondary", 0.42),
    ("employed", 0.22),
    ("military", 0.03),
    ("advanced_training", 0.02),
    ("service", 0.01),
    ("none", 0.15),
    ("unknown", 0.15),
)
PLACEMENT_OTHER: Final = (
    ("employed", 0.25),
    ("none", 0.37),
    ("unknown", 0.33),
    ("advanced_training", 0.03),
    ("military", 0.02),
)

# Invented programs of study: (code, 2024 Career Cluster slug, sexes it is non-traditional for)
DEFAULT_PROGRAMS: Final[tuple[tuple[str, str, str], ...]] = (
    ("AGR-ANSCI", "agriculture", ""),
    ("AGR-PLANT", "agriculture", ""),
    ("MFG-WELD", "advanced-manufacturing", "F"),
    ("MFG-MACH", "advanced-manufacturing", "F"),
    ("CON-CARP", "construction", "F"),
    ("CON-ELEC", "construction", "F"),
    ("TRN-AUTO", "supply-chain-transportation", "F"),
    ("DIG-PROG", "digital-technology", "F"),
    ("DIG-NETW", "digital-technology", "F"),
    ("HHS-NURS", "healthcare-human-services", "M"),
    ("HHS-EMT", "healthcare-human-services", ""),
    ("HHS-COSM", "healthcare-human-services", "M"),
    ("EDU-TEACH", "education", "M"),
    ("EDU-ECE", "education", "M"),
    ("HOS-CULN", "hospitality-events-tourism", ""),
    ("ART-DSGN", "arts-entertainment-design", ""),
    ("ART-MEDIA", "arts-entertainment-design", ""),
    ("FIN-ACCT", "financial-services", ""),
    ("MGT-ENTR", "management-entrepreneurship", ""),
    ("MKT-SALE", "marketing-sales", ""),
    ("PUB-LAW", "public-service-safety", ""),
    ("PUB-FIRE", "public-service-safety", "F"),
    ("ENR-ENV", "energy-natural-resources", ""),
)

SLOTS: Final = 5  # grade 9, 10, 11, 12, a fifth year


@dataclass(frozen=True)
class SchoolSpec:
    code: str
    district_code: str = ""  # blank: the first 7 characters of a 12-digit NCES code


@dataclass(frozen=True)
class ProgramSpec:
    code: str
    cluster_code: str = ""
    nontraditional_for: frozenset[str] = frozenset()  # sex codes "F", "M", "X"


@dataclass
class SyntheticRegion:
    schools: list[SchoolSpec]
    programs: list[ProgramSpec]
    years: list[int]
    seed: int
    students: int = 0  # distinct students in the files
    rows: dict[int, int] = field(default_factory=dict)  # rows per school year
    files: list[Path] = field(default_factory=list)

    @property
    def nontraditional(self) -> dict[str, frozenset[str]]:
        return {p.code: p.nontraditional_for for p in self.programs if p.nontraditional_for}

    @property
    def district_of_school(self) -> dict[str, str]:
        return {s.code: s.district_code for s in self.schools}

    @property
    def cluster_of_program(self) -> dict[str, str]:
        return {p.code: p.cluster_code for p in self.programs}

    def manifest(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "years": self.years,
            "students": self.students,
            "rows": {str(y): n for y, n in self.rows.items()},
            "files": [f.name for f in self.files],
            "schools": [{"code": s.code, "district_code": s.district_code} for s in self.schools],
            "programs": [
                {
                    "code": p.code,
                    "cluster_code": p.cluster_code,
                    "nontraditional_for": sorted(p.nontraditional_for),
                }
                for p in self.programs
            ],
        }


def _invent_schools(count: int, rng: np.random.Generator) -> list[SchoolSpec]:
    n_districts = max(1, round(count / 3))
    # uneven districts: a few large, many small
    district_of = np.sort(rng.choice(n_districts, size=count, p=_zipf(n_districts, 0.8)))
    district_of[:n_districts] = np.arange(min(n_districts, count))  # every district has a school
    district_of.sort()
    lea = 10 + np.sort(rng.choice(np.arange(1, 99_000), size=n_districts, replace=False))
    schools = []
    for i, d in enumerate(district_of.tolist()):
        district = f"35{int(lea[d]):05d}"
        schools.append(SchoolSpec(code=f"{district}{i + 1:05d}", district_code=district))
    return schools


def _zipf(n: int, exponent: float) -> NDArray[np.float64]:
    weight = 1.0 / np.arange(1, n + 1) ** exponent
    result: NDArray[np.float64] = weight / weight.sum()
    return result


def _choice(rng: np.random.Generator, shares: Sequence[tuple[str, float]], size: int) -> NDArray[np.intp]:
    p = np.array([s for _, s in shares], dtype=float)
    return rng.choice(len(shares), size=size, p=p / p.sum())


def _sigmoid(x: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-x))
    return result


def simulate(
    *,
    students: int,
    years: int,
    seed: int,
    first_year: int = FIRST_YEAR,
    schools: Sequence[SchoolSpec] | None = None,
    n_schools: int | None = None,
    programs: Sequence[ProgramSpec] | None = None,
) -> tuple[SyntheticRegion, dict[int, dict[str, list[str]]]]:
    """The region and, per school year, its CSV columns as lists of strings (COLUMNS order)."""
    if students < 1 or years < 1:
        raise ValueError("students and years must be at least 1")
    rng = np.random.default_rng(seed)
    if schools:
        school_list = [
            SchoolSpec(s.code, s.district_code or (s.code[:7] if len(s.code) == 12 else "")) for s in schools
        ]
    else:
        school_list = _invent_schools(n_schools or max(3, round(students / 700)), rng)
    if programs:
        program_list = list(programs)
    else:
        program_list = [
            # cluster codes are the 2024 cluster slugs cut to 20 characters, as Pathways stores them
            ProgramSpec(code, cluster[:20], frozenset(nt) if nt else frozenset())
            for code, cluster, nt in DEFAULT_PROGRAMS
        ]
    n_sch, n_prog = len(school_list), len(program_list)
    window = list(range(first_year, first_year + years))

    # cohorts whose grade 9-12 or fifth year falls in the window
    cohorts = np.arange(first_year - 1, first_year + years + 3)
    per_cohort = max(1, round(students / 4 * 1.04))
    cohort = np.repeat(cohorts, per_cohort).astype(np.int32)
    n = len(cohort)
    entry = cohort - 3

    # schools: log-normal sizes; offers: 4-10 programs each (more for bigger schools)
    size = rng.lognormal(0.0, 0.8, n_sch)
    size /= size.sum()
    offers = np.zeros((n_sch, n_prog), dtype=bool)
    rank = np.argsort(np.argsort(-size))
    for s in range(n_sch):
        k = min(n_prog, int(np.clip(10 - rank[s] * 6 // max(1, n_sch - 1), 4, 10)))
        offers[s, rng.choice(n_prog, size=k, replace=False)] = True
    school = np.empty((n, SLOTS), dtype=np.int32)
    school[:, 0] = rng.choice(n_sch, size=n, p=size)
    for k in range(1, SLOTS):
        moves = rng.random(n) < 0.03
        school[:, k] = np.where(moves, rng.choice(n_sch, size=n, p=size), school[:, k - 1])

    sex = _choice(rng, SEX_SHARES, n)
    race = _choice(rng, RACE_SHARES, n)
    race_names = [r for r, _ in RACE_SHARES]
    assert set(race_names) - {"unknown"} == set(RACES)
    high_need = np.isin(
        race, [race_names.index(r) for r in ("hispanic_latino", "american_indian_alaska_native")]
    )
    ability = rng.normal(0.0, 1.0, n)
    poorer = high_need | (race == race_names.index("black_african_american"))
    econ = rng.random(n) < np.where(poorer, 0.70, 0.45)
    disability = rng.random(n) < 0.16
    ability -= 0.35 * disability + 0.15 * econ
    english = np.empty((n, SLOTS), dtype=bool)
    english[:, 0] = rng.random(n) < np.where(high_need, 0.20, 0.05)
    for k in range(1, SLOTS):
        english[:, k] = english[:, k - 1] & (rng.random(n) >= 0.15)
    homeless = rng.random((n, SLOTS)) < 0.03
    foster = rng.random(n) < 0.005
    military = rng.random(n) < 0.02
    single = np.cumsum(rng.random((n, SLOTS)) < np.array([0.005, 0.004, 0.005, 0.006, 0.006]), axis=1) > 0
    out_of_workforce = rng.random(n) < 0.003

    # CTE: start slot, courses per slot, program (switches restart the count)
    start_p = np.array([*CTE_START, 1.0 - sum(CTE_START)])
    start = rng.choice(5, size=n, p=start_p)  # 4 = never
    nontrad = np.zeros((n_prog, 3), dtype=bool)
    sex_codes = [s for s, _ in SEX_SHARES]
    for p, spec in enumerate(program_list):
        for code in spec.nontraditional_for:
            if code in sex_codes:
                nontrad[p, sex_codes.index(code)] = True

    def pick_program(at_school: NDArray[np.int32], who: NDArray[Any]) -> NDArray[np.int32]:
        """A program offered at each student's school; non-traditional ones half as often."""
        weight = offers[at_school].astype(float) * np.where(nontrad[:, sex[who]].T, 0.5, 1.0)
        weight /= weight.sum(axis=1, keepdims=True)
        cumulative = weight.cumsum(axis=1)
        draw = rng.random(len(at_school))[:, None]
        return np.minimum((cumulative < draw).sum(axis=1), n_prog - 1).astype(np.int32)

    program = np.full((n, SLOTS), -1, dtype=np.int32)
    courses = np.zeros((n, SLOTS), dtype=np.int32)
    everyone = np.arange(n)
    first_program = pick_program(school[everyone, np.minimum(start, SLOTS - 1)], everyone)
    increments = rng.choice(3, size=(n, SLOTS), p=COURSES_PER_YEAR)
    increments[:, 4] = np.where(rng.random(n) < 0.5, 0, increments[:, 4])  # fifth year: fewer
    switches = rng.random((n, SLOTS)) < 0.06
    for k in range(SLOTS):
        active = start <= k
        if k == 0:
            current = np.where(active, first_program, -1)
            count = np.where(active, increments[:, 0], 0)
        else:
            previous = program[:, k - 1]
            starting = active & (previous < 0)
            switching = active & (previous >= 0) & switches[:, k]
            current = previous.copy()
            current[starting] = first_program[starting]
            if switching.any():
                current[switching] = pick_program(school[switching, k], np.flatnonzero(switching))
            carried = np.where(switching | starting, 0, courses[:, k - 1])
            count = carried + np.where(active, increments[:, k], 0)
        program[:, k] = current
        courses[:, k] = count
    concentrator = np.maximum.accumulate(courses >= 2, axis=1)

    # exits: dropout, on-time graduation, fifth year, extended graduation
    exit_slot = np.full(n, -1, dtype=np.int32)
    for k in range(4):
        hazard = np.array([0.025, 0.03, 0.03, 0.025])[k] * np.exp(-0.6 * ability)
        hazard *= np.where(concentrator[:, k], 0.4, 1.0)
        drop = (exit_slot < 0) & (rng.random(n) < hazard)
        exit_slot[drop] = k
    dropped = exit_slot >= 0
    p_grad = _sigmoid(1.7 + 0.9 * ability + 2.0 * concentrator[:, 3] - 0.2 * econ)
    on_time = ~dropped & (rng.random(n) < p_grad)
    exit_slot[on_time] = 3
    stays = ~dropped & ~on_time & (rng.random(n) < 0.6)
    exit_slot[~dropped & ~on_time & ~stays] = 3
    extended = stays & (rng.random(n) < 0.5)
    exit_slot[stays] = 4
    graduate_slot = np.where(on_time, 3, np.where(extended, 4, -1))

    # state tests in grade 11 (slot 2)
    def tested(rate: float) -> NDArray[np.int8]:
        score = ability + 0.8 * rng.normal(0.0, 1.0, n) + 0.25 * concentrator[:, 2]
        cut = np.quantile(score, 1.0 - rate)
        result = (score >= cut).astype(np.int8)
        result[rng.random(n) < 0.04] = -1
        return result

    reading, math_, science = tested(0.38), tested(0.22), tested(0.35)

    placement_graduate = _choice(rng, PLACEMENT_GRADUATE, n)
    placement_other = _choice(rng, PLACEMENT_OTHER, n)

    # cumulative credential / dual credit / work-based learning
    slot_grade = np.arange(SLOTS)
    upper = slot_grade >= 2
    credential = np.maximum.accumulate(concentrator & (rng.random((n, SLOTS)) < 0.10), axis=1)
    in_cte = program >= 0
    dual_rate = np.where(in_cte, 0.15, 0.08) * upper
    credits = np.cumsum((rng.random((n, SLOTS)) < dual_rate) * rng.choice([3, 4], size=(n, SLOTS)), axis=1)
    wbl_rate = np.where(concentrator, 0.12, 0.03) * upper
    wbl = np.maximum.accumulate(rng.random((n, SLOTS)) < wbl_rate, axis=1)
    blank = rng.random((n, SLOTS, 8)) < 0.005  # unknown special-population flags

    # student ids, in a shuffled order so files are not sorted by cohort
    ids = np.array([f"S{i:08d}" for i in rng.permutation(n) + 1])

    # --- rows of each school year
    school_codes = np.array([s.code for s in school_list])
    district_codes = np.array([s.district_code for s in school_list])
    program_codes = np.array([p.code for p in program_list] + [""])
    cluster_codes = np.array([p.cluster_code for p in program_list] + [""])
    yn = np.array(["N", "Y", ""])
    sex_text = np.array(sex_codes)
    race_text = np.array(race_names)
    place_grad_text = np.array([p for p, _ in PLACEMENT_GRADUATE])
    place_other_text = np.array([p for p, _ in PLACEMENT_OTHER])
    grade_text = np.array(["9", "10", "11", "12", "12"])

    def flag(values: NDArray[np.bool_], unknown: NDArray[np.bool_] | None = None) -> list[str]:
        code = values.astype(np.int8)
        if unknown is not None:
            code = np.where(unknown, 2, code)
        result: list[str] = yn[code].tolist()
        return result

    def proficiency(values: NDArray[np.int8], at: NDArray[np.intp], slot: NDArray[np.intp]) -> list[str]:
        code = np.where(slot == 2, values[at], -1)
        result: list[str] = yn[np.where(code < 0, 2, code)].tolist()
        return result

    region = SyntheticRegion(schools=school_list, programs=program_list, years=window, seed=seed)
    by_year: dict[int, dict[str, list[str]]] = {}
    seen = np.zeros(n, dtype=bool)
    for year in window:
        slot_all = year - entry
        at = np.flatnonzero((slot_all >= 0) & (slot_all <= exit_slot))
        slot = slot_all[at].astype(np.intp)
        seen[at] = True
        prog = program[at, slot]
        exits = exit_slot[at] == slot
        graduated_now = graduate_slot[at] == slot
        grad_4yr = graduated_now & (slot == 3)
        is_graduate = graduate_slot[at] >= 0
        placed = np.where(
            is_graduate, place_grad_text[placement_graduate[at]], place_other_text[placement_other[at]]
        )
        placement = np.where(exits, placed, "")
        sch = school[at, slot]
        pops_blank = blank[at, slot]
        columns: dict[str, list[str]] = {
            "student_id": ids[at].tolist(),
            "school_code": school_codes[sch].tolist(),
            "school_year": [str(year)] * len(at),
            "grade_level": grade_text[slot].tolist(),
            "sex": sex_text[sex[at]].tolist(),
            "race_ethnicity": race_text[race[at]].tolist(),
            "economically_disadvantaged": flag(econ[at], pops_blank[:, 0]),
            "disability": flag(disability[at], pops_blank[:, 1]),
            "english_learner": flag(english[at, slot], pops_blank[:, 2]),
            "homeless": flag(homeless[at, slot], pops_blank[:, 3]),
            "foster_care": flag(foster[at], pops_blank[:, 4]),
            "military_parent": flag(military[at], pops_blank[:, 5]),
            "single_parent": flag(single[at, slot], pops_blank[:, 6]),
            "out_of_workforce": flag(out_of_workforce[at], pops_blank[:, 7]),
            "program_code": program_codes[prog].tolist(),
            "cte_courses_in_program": courses[at, slot].astype(str).tolist(),
            "cohort_year": cohort[at].astype(str).tolist(),
            "graduated_4yr": flag(grad_4yr),
            # extended-period graduates include the on-time ones
            "graduated_extended": flag(graduated_now),
            "reading_proficient": proficiency(reading, at, slot),
            "math_proficient": proficiency(math_, at, slot),
            "science_proficient": proficiency(science, at, slot),
            "exited_secondary": flag(exits),
            "placement": placement.tolist(),
            "credential_attained": flag(credential[at, slot]),
            "postsecondary_credits": credits[at, slot].astype(str).tolist(),
            "wbl_participated": flag(wbl[at, slot]),
            "district_code": district_codes[sch].tolist(),
            "cluster_code": cluster_codes[prog].tolist(),
        }
        by_year[year] = columns
        region.rows[year] = len(at)
    region.students = int(seen.sum())
    return region, by_year


def generate_region(
    out_dir: str | Path,
    *,
    students: int,
    years: int,
    seed: int,
    first_year: int = FIRST_YEAR,
    schools: Sequence[SchoolSpec] | None = None,
    n_schools: int | None = None,
    programs: Sequence[ProgramSpec] | None = None,
) -> SyntheticRegion:
    """Write `student_years_<YYYY>.csv` for each school year and `region.json` (schools,
    districts, programs with clusters and non-traditional sexes) into `out_dir`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    region, by_year = simulate(
        students=students,
        years=years,
        seed=seed,
        first_year=first_year,
        schools=schools,
        n_schools=n_schools,
        programs=programs,
    )
    for year, columns in by_year.items():
        path = out / f"student_years_{year}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows(zip(*(columns[c] for c in COLUMNS), strict=True))
        region.files.append(path)
    (out / "region.json").write_text(json.dumps(region.manifest(), indent=2) + "\n", encoding="utf-8")
    return region
