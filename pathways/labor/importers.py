"""Importers for the labor-market public data (areas, BLS OEWS May 2025, BLS projections 2024-34).

Each function is one dataset: it validates every row first, collecting bad rows, and writes
only if all rows are good. Re-running upserts in place (natural keys are primary keys).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pathways.core.datasets import (
    MISSING_MARKS,
    Counts,
    DatasetError,
    ImportErrors,
    dataset,
    fast_insert,
    parse_float,
    parse_int,
    read_csv,
)

from .models import County, Projection, State, Wage, WageArea, ZipCode

# OEWS measures in the order BLS numbers them in footnote_codes ("NN:F").
OEWS_MEASURES = (
    "employment",
    "employment_rse_pct",
    "hourly_mean",
    "annual_mean",
    "wage_rse_pct",
    "hourly_p10",
    "hourly_p25",
    "hourly_median",
    "hourly_p75",
    "hourly_p90",
    "annual_p10",
    "annual_p25",
    "annual_median",
    "annual_p75",
    "annual_p90",
    "employment_per_1000_jobs",
    "location_quotient",
)
HOURLY_FIELDS = ("hourly_mean", "hourly_p10", "hourly_p25", "hourly_median", "hourly_p75", "hourly_p90")
ANNUAL_FIELDS = ("annual_mean", "annual_p10", "annual_p25", "annual_median", "annual_p75", "annual_p90")
STORED_FOOTNOTE_FIELDS = frozenset(("employment", *HOURLY_FIELDS, *ANNUAL_FIELDS))

# Territories that OEWS reports as states but the Census state list lacks.
EXTRA_STATES = {"66": ("GU", "Guam"), "78": ("VI", "Virgin Islands")}

AREAS_FILES = (
    "geo/census_states_2024.csv",
    "bls/oews_may2025_areas.csv",
    "geo/census_counties_2024.csv",
    "geo/oews_area_definitions.csv",
    "geo/county_centroids_gazetteer_2019.csv",
    "geo/zip_county.csv",
    "geo/hud_zip_county_2024q3.csv",
    "geo/zcta_centroids_2020.csv",
)


def _area_kind(code: str, area_type: str) -> str:
    if area_type == "national":
        return WageArea.Kind.NATIONAL
    if area_type == "state":
        return WageArea.Kind.STATE
    return WageArea.Kind.METRO if code.startswith("00") else WageArea.Kind.NONMETRO


@dataset(
    "areas",
    description="states, counties, OEWS wage areas, ZIP codes",
    files=AREAS_FILES,
    order=10,
)
def load_areas(data_dir: Path) -> Counts:
    errors = ImportErrors()
    states: dict[str, State] = {}
    path = data_dir / "geo/census_states_2024.csv"
    for line, row in read_csv(path, required=("state_fips", "usps", "state_name")):
        fips = row["state_fips"].strip()
        if len(fips) != 2 or not fips.isdigit():
            errors.add(path, line, "state_fips", f"{fips!r} is not a two-digit FIPS code")
            continue
        states[fips] = State(fips=fips, usps=row["usps"].strip(), name=row["state_name"].strip())

    areas: dict[str, WageArea] = {}
    path = data_dir / "bls/oews_may2025_areas.csv"
    for line, row in read_csv(path, required=("area_code", "area_type", "state_fips", "area_name")):
        code, area_type, state_fips = (
            row["area_code"].strip(),
            row["area_type"].strip(),
            row["state_fips"].strip(),
        )
        if len(code) != 7 or not code.isdigit():
            errors.add(path, line, "area_code", f"{code!r} is not a seven-digit OEWS area code")
            continue
        if area_type not in {"national", "state", "msa_or_nonmetro"}:
            errors.add(path, line, "area_type", f"unknown area type {area_type!r}")
            continue
        if area_type == "state" and state_fips not in states and state_fips in EXTRA_STATES:
            usps, name = EXTRA_STATES[state_fips]
            states[state_fips] = State(fips=state_fips, usps=usps, name=name)
        if area_type != "national" and state_fips not in states:
            errors.add(path, line, "state_fips", f"unknown state {state_fips!r}")
            continue
        areas[code] = WageArea(
            code=code,
            kind=_area_kind(code, area_type),
            name=row["area_name"].strip(),
            state_id=None if area_type == "national" else state_fips,
        )

    centroids: dict[str, tuple[float, float]] = {}
    path = data_dir / "geo/county_centroids_gazetteer_2019.csv"
    for line, row in read_csv(path, required=("GEOID", "INTPTLAT", "INTPTLONG")):
        try:
            centroids[row["GEOID"].strip()] = (float(row["INTPTLAT"]), float(row["INTPTLONG"]))
        except ValueError:
            errors.add(path, line, "INTPTLAT", "latitude/longitude is not a number")

    county_area: dict[str, str] = {}
    path = data_dir / "geo/oews_area_definitions.csv"
    for line, row in read_csv(path, required=("area_code", "county_fips")):
        if row["area_code"] not in areas:
            errors.add(path, line, "area_code", f"unknown OEWS area {row['area_code']!r}")
            continue
        county_area[row["county_fips"].strip()] = row["area_code"]

    counties: dict[str, County] = {}
    path = data_dir / "geo/census_counties_2024.csv"
    for line, row in read_csv(path, required=("county_geoid", "state_fips", "county_name")):
        geoid = row["county_geoid"].strip()
        if geoid not in county_area:
            errors.add(path, line, "county_geoid", f"county {geoid} is in no OEWS area")
            continue
        if row["state_fips"] not in states:
            errors.add(path, line, "state_fips", f"unknown state {row['state_fips']!r}")
            continue
        lat, lon = centroids.get(geoid, (None, None))
        counties[geoid] = County(
            geoid=geoid,
            state_id=row["state_fips"],
            name=row["county_name"].strip(),
            wage_area_id=county_area[geoid],
            latitude=lat,
            longitude=lon,
        )

    zcta: dict[str, tuple[float, float]] = {}
    path = data_dir / "geo/zcta_centroids_2020.csv"
    for line, row in read_csv(path, required=("zcta5", "lat", "lon")):
        try:
            zcta[row["zcta5"].strip()] = (float(row["lat"]), float(row["lon"]))
        except ValueError:
            errors.add(path, line, "lat", "latitude/longitude is not a number")

    cities: dict[str, str] = {}
    path = data_dir / "geo/hud_zip_county_2024q3.csv"
    for _line, row in read_csv(path, required=("ZIP", "COUNTY", "USPS_ZIP_PREF_CITY")):
        cities.setdefault(row["ZIP"].strip(), row["USPS_ZIP_PREF_CITY"].strip().title())

    zips: list[ZipCode] = []
    path = data_dir / "geo/zip_county.csv"
    for line, row in read_csv(path, required=("zip", "county_fips")):
        zip_code, county = row["zip"].strip(), row["county_fips"].strip()
        if len(zip_code) != 5 or not zip_code.isdigit():
            errors.add(path, line, "zip", f"{zip_code!r} is not a five-digit ZIP code")
            continue
        if county not in counties:
            errors.add(path, line, "county_fips", f"unknown county {county!r}")
            continue
        # The ZCTA centroid where the ZIP has one; else its county's (PO-box and unique ZIPs).
        lat, lon = zcta.get(zip_code) or (counties[county].latitude, counties[county].longitude)
        zips.append(
            ZipCode(
                zip=zip_code, county_id=county, city=cities.get(zip_code, ""), latitude=lat, longitude=lon
            )
        )

    errors.raise_if_any("areas")

    State.objects.bulk_create(
        states.values(), update_conflicts=True, unique_fields=["fips"], update_fields=["usps", "name"]
    )
    WageArea.objects.bulk_create(
        areas.values(),
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["kind", "name", "state"],
        batch_size=1000,
    )
    County.objects.bulk_create(
        counties.values(),
        update_conflicts=True,
        unique_fields=["geoid"],
        update_fields=["state", "name", "wage_area", "latitude", "longitude"],
        batch_size=1000,
    )
    ZipCode.objects.bulk_create(
        zips,
        update_conflicts=True,
        unique_fields=["zip"],
        update_fields=["county", "city", "latitude", "longitude"],
        batch_size=2000,
    )
    ZipCode.objects.exclude(zip__in=[z.zip for z in zips]).delete()
    return {
        "states": len(states),
        "wage_areas": len(areas),
        "counties": len(counties),
        "zip_codes": len(zips),
    }


def _decimal(value: str) -> Decimal | None:
    number = value.strip().replace(",", "")
    if number in MISSING_MARKS:
        return None
    return Decimal(number)


def _footnotes(raw: str) -> dict[str, str]:
    notes: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in raw.split(";"))):
        measure, _, code = pair.partition(":")
        index = int(measure) - 1
        if not 0 <= index < len(OEWS_MEASURES) or not code:
            raise ValueError(f"footnote {pair!r} does not name a measure 01-17 and a code")
        if OEWS_MEASURES[index] in STORED_FOOTNOTE_FIELDS:
            notes[OEWS_MEASURES[index]] = code
    return notes


WAGE_COLUMNS = ("area", "soc_code", "employment", *HOURLY_FIELDS, *ANNUAL_FIELDS, "footnotes")


def wage_values(row: dict[str, str]) -> tuple[Any, ...]:
    """The stored values (in WAGE_COLUMNS order) of one OEWS row; ValueError names the bad column."""
    values: list[Any] = [row["area_code"].strip(), row["occupation_code"].strip()]
    try:
        values.append(parse_int(row["employment"]))
    except ValueError as exc:
        raise ValueError(f"employment: {row['employment']!r} is not a whole number") from exc
    for name in HOURLY_FIELDS:
        try:
            values.append(_decimal(row[name]))
        except InvalidOperation as exc:
            raise ValueError(f"{name}: {row[name]!r} is not a number") from exc
    for name in ANNUAL_FIELDS:
        try:
            values.append(parse_int(row[name]))
        except ValueError as exc:
            raise ValueError(f"{name}: {row[name]!r} is not a whole number") from exc
    for name, number in zip(WAGE_COLUMNS[2:-1], values[2:], strict=True):
        if number is not None and number < 0:
            raise ValueError(f"{name}: negative value {number}")
    try:
        values.append(_footnotes(row.get("footnote_codes", "")))
    except ValueError as exc:
        raise ValueError(f"footnote_codes: {exc}") from exc
    return tuple(values)


@dataset(
    "wages",
    description="BLS OEWS May 2025 wages: nation, states, metro and nonmetro areas",
    files=("bls/oews_may2025_national_state.csv", "bls/oews_may2025_metro_nonmetro.csv.gz"),
    order=20,
)
def load_wages(data_dir: Path) -> Counts:
    errors = ImportErrors()
    known_areas = set(WageArea.objects.values_list("code", flat=True))
    if not known_areas:
        raise DatasetError("wages: no wage areas are loaded; load the 'areas' dataset first")
    rows: list[tuple[Any, ...]] = []
    seen: set[tuple[str, str]] = set()
    suppressed = 0
    median_index = WAGE_COLUMNS.index("annual_median")
    for name in ("bls/oews_may2025_national_state.csv", "bls/oews_may2025_metro_nonmetro.csv.gz"):
        path = data_dir / name
        for line, row in read_csv(
            path, required=("area_code", "occupation_code", *ANNUAL_FIELDS, *HOURLY_FIELDS)
        ):
            area, soc = row["area_code"].strip(), row["occupation_code"].strip()
            if area not in known_areas:
                errors.add(path, line, "area_code", f"unknown OEWS area {area!r}")
                continue
            if len(soc) != 7 or soc[2] != "-":
                errors.add(path, line, "occupation_code", f"{soc!r} is not a SOC code like 29-1141")
                continue
            if (area, soc) in seen:
                errors.add(path, line, "occupation_code", f"duplicate row for {soc} in area {area}")
                continue
            try:
                values = wage_values(row)
            except ValueError as exc:
                column, _, reason = str(exc).partition(": ")
                errors.add(path, line, column, reason)
                continue
            seen.add((area, soc))
            if values[median_index] is None:
                suppressed += 1
            rows.append(values)
    errors.raise_if_any("wages")
    Wage.objects.all().delete()
    fast_insert(Wage, WAGE_COLUMNS, rows)
    return {"wages": len(rows), "wages_without_annual_median": suppressed}


def _thousands(value: str) -> Decimal | None:
    number = parse_float(value)
    return None if number is None else Decimal(str(number))


@dataset(
    "projections",
    description="BLS Employment Projections 2024-34",
    files=("bls/bls_ep_2024_2034_table_1_2_occupational_projections.csv",),
    order=30,
)
def load_projections(data_dir: Path) -> Counts:
    errors = ImportErrors()
    path = data_dir / "bls/bls_ep_2024_2034_table_1_2_occupational_projections.csv"
    required = (
        "title",
        "soc_code",
        "occupation_type",
        "employment_2024_thousands",
        "employment_2034_thousands",
        "employment_change_pct_2024_34",
        "annual_openings_2024_34_thousands",
        "median_annual_wage_2024",
        "typical_entry_education",
        "work_experience_related_occupation",
        "typical_on_the_job_training",
    )
    rows: dict[str, Projection] = {}
    for line, row in read_csv(path, required=required):
        if row["occupation_type"].strip() != "Line item":
            continue
        soc = row["soc_code"].strip()
        if len(soc) != 7 or soc[2] != "-":
            errors.add(path, line, "soc_code", f"{soc!r} is not a SOC code like 29-1141")
            continue
        # BLS writes ">=$239200" for medians at or above its top code.
        top_coded = row["median_annual_wage_2024"].strip().startswith(">=")
        try:
            projection = Projection(
                soc_code=soc,
                title=row["title"].strip(),
                employment_2024=_thousands(row["employment_2024_thousands"]),
                employment_2034=_thousands(row["employment_2034_thousands"]),
                change_pct=_thousands(row["employment_change_pct_2024_34"]),
                openings_annual=_thousands(row["annual_openings_2024_34_thousands"]),
                median_wage_2024=None if top_coded else parse_int(row["median_annual_wage_2024"]),
                median_wage_2024_top_coded=top_coded,
                entry_education=_text(row["typical_entry_education"]),
                work_experience=_text(row["work_experience_related_occupation"]),
                on_the_job_training=_text(row["typical_on_the_job_training"]),
            )
        except ValueError as exc:
            errors.add(path, line, "numbers", str(exc))
            continue
        rows[soc] = projection
    errors.raise_if_any("projections")
    Projection.objects.bulk_create(
        rows.values(),
        update_conflicts=True,
        unique_fields=["soc_code"],
        update_fields=[
            "title",
            "employment_2024",
            "employment_2034",
            "change_pct",
            "openings_annual",
            "median_wage_2024",
            "median_wage_2024_top_coded",
            "entry_education",
            "work_experience",
            "on_the_job_training",
        ],
        batch_size=1000,
    )
    Projection.objects.exclude(soc_code__in=rows.keys()).delete()
    return {"projections": len(rows)}


def _text(value: str) -> str:
    value = value.strip()
    return "" if value in MISSING_MARKS else value
