"""Importers for the career catalog (NCES CIP 2020, O*NET 29.3, Career Clusters crosswalks).

One function per dataset, registered with `pathways.core.datasets`. Each validates every row,
then writes in one transaction; re-running upserts in place.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from pathways.core.datasets import Counts, DatasetError, ImportErrors, dataset, parse_float, read_csv

from .models import (
    CareerCluster,
    CipProgram,
    CipSoc,
    Framework,
    JobZone,
    Occupation,
    OccupationDescriptor,
    OccupationTitle,
    RelatedOccupation,
    SubCluster,
)

TAB = "\t"
ONET_CODE = "O*NET-SOC Code"
RIASEC_BY_NAME = {
    "Realistic": "R",
    "Investigative": "I",
    "Artistic": "A",
    "Social": "S",
    "Enterprising": "E",
    "Conventional": "C",
}
HIGH_POINT_ELEMENTS = ("1.B.1.g", "1.B.1.h", "1.B.1.i")  # first, second, third interest high-point
RIASEC_BY_NUMBER = dict(enumerate("RIASEC", start=1))
DESCRIPTORS_PER_KIND = 10
CROSS_CUTTING = {"Digital Technology", "Management & Entrepreneurship", "Marketing & Sales"}
NO_MATCH_CIP = "99.9999"
NO_MATCH_SOC = "99-9999"


def _valid_onet_code(code: str) -> bool:
    return (
        len(code) == 10
        and code[2] == "-"
        and code[7] == "."
        and code.replace("-", "").replace(".", "").isdigit()
    )


# --- CIP ------------------------------------------------------------------------------------


@dataset(
    "cip",
    description="NCES CIP 2020 programs and the CIP-SOC crosswalk",
    files=("nces/cip2020_codes.csv", "nces/cip2020_soc2018_crosswalk.csv"),
    order=40,
)
def load_cip(data_dir: Path) -> Counts:
    errors = ImportErrors()
    programs: dict[str, CipProgram] = {}
    path = data_dir / "nces/cip2020_codes.csv"
    for line, row in read_csv(path, required=("CIPFamily", "CIPCode", "CIPTitle", "CIPDefinition")):
        code = row["CIPCode"].strip()
        digits = code.replace(".", "")
        if not digits.isdigit() or len(digits) not in (2, 4, 6):
            errors.add(path, line, "CIPCode", f"{code!r} is not a CIP code like 51.3801")
            continue
        programs[code] = CipProgram(
            code=code,
            title=row["CIPTitle"].strip().rstrip("."),
            definition=row["CIPDefinition"].strip(),
            family=row["CIPFamily"].strip().zfill(2),
        )
    links: set[tuple[str, str]] = set()
    no_match = 0
    path = data_dir / "nces/cip2020_soc2018_crosswalk.csv"
    for line, row in read_csv(path, required=("CIP2020Code", "SOC2018Code")):
        cip, soc = row["CIP2020Code"].strip(), row["SOC2018Code"].strip()
        if cip == NO_MATCH_CIP or soc == NO_MATCH_SOC:
            no_match += 1
            continue
        if cip not in programs:
            errors.add(path, line, "CIP2020Code", f"unknown CIP code {cip!r}")
            continue
        if len(soc) != 7 or soc[2] != "-":
            errors.add(path, line, "SOC2018Code", f"{soc!r} is not a SOC code like 29-1141")
            continue
        links.add((cip, soc))
    errors.raise_if_any("cip")
    CipProgram.objects.bulk_create(
        programs.values(),
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["title", "definition", "family"],
        batch_size=1000,
    )
    CipProgram.objects.exclude(code__in=programs.keys()).delete()
    CipSoc.objects.all().delete()
    CipSoc.objects.bulk_create([CipSoc(cip_id=c, soc_code=s) for c, s in sorted(links)], batch_size=2000)
    return {"cip_programs": len(programs), "cip_soc_links": len(links), "cip_soc_no_match": no_match}


def short_education_label(label: str) -> str:
    """ "High School Diploma - or the equivalent (for example, GED)" -> "High School Diploma"."""
    return label.split(" - ")[0].split(" (")[0].strip()[:200]


# --- O*NET occupations ----------------------------------------------------------------------

ONET_FILES = (
    "onet/Occupation Data.txt",
    "onet/Job Zone Reference.txt",
    "onet/Job Zones.txt",
    "onet/Interests.txt",
    "onet/Education, Training, and Experience.txt",
    "onet/Education, Training, and Experience Categories.txt",
    "onet/Alternate Titles.txt",
    "onet/Sample of Reported Titles.txt",
    "onet/Skills.txt",
    "onet/Knowledge.txt",
    "onet/Related Occupations.txt",
)


def _occupation_rows(path: Path, errors: ImportErrors, codes: set[str], required: tuple[str, ...]) -> Any:
    """Rows of an O*NET file whose occupation code is known; unknown codes are bad rows."""
    for line, row in read_csv(path, required=(ONET_CODE, *required), delimiter=TAB):
        code = row[ONET_CODE].strip()
        if code not in codes:
            errors.add(path, line, ONET_CODE, f"unknown O*NET-SOC code {code!r}")
            continue
        yield line, code, row


@dataset("occupations", description="O*NET 29.3 occupations", files=ONET_FILES, order=50)
def load_occupations(data_dir: Path) -> Counts:
    errors = ImportErrors()
    onet = data_dir / "onet"

    occupations: dict[str, Occupation] = {}
    path = onet / "Occupation Data.txt"
    for line, row in read_csv(path, required=(ONET_CODE, "Title", "Description"), delimiter=TAB):
        code = row[ONET_CODE].strip()
        if not _valid_onet_code(code):
            errors.add(path, line, ONET_CODE, f"{code!r} is not an O*NET-SOC code like 29-1141.00")
            continue
        if not row["Title"].strip():
            errors.add(path, line, "Title", "empty title")
            continue
        occupations[code] = Occupation(
            code=code, soc_code=code[:7], title=row["Title"].strip(), description=row["Description"].strip()
        )
    codes = set(occupations)

    zones: dict[int, JobZone] = {}
    path = onet / "Job Zone Reference.txt"
    for line, row in read_csv(path, required=("Job Zone", "Name", "Experience", "Education"), delimiter=TAB):
        try:
            number = int(float(row["Job Zone"]))
        except ValueError:
            errors.add(path, line, "Job Zone", f"{row['Job Zone']!r} is not a number")
            continue
        zones[number] = JobZone(
            number=number,
            name=row["Name"].strip(),
            experience=row["Experience"].strip(),
            education=row["Education"].strip(),
            training=row["Job Training"].strip(),
            examples=row["Examples"].strip(),
        )

    path = onet / "Job Zones.txt"
    for line, code, row in _occupation_rows(path, errors, codes, ("Job Zone",)):
        try:
            zone = int(float(row["Job Zone"]))
        except ValueError:
            errors.add(path, line, "Job Zone", f"{row['Job Zone']!r} is not a number")
            continue
        if zone not in zones:
            errors.add(path, line, "Job Zone", f"job zone {zone} is not 1-5")
            continue
        occupations[code].job_zone_id = zone

    path = onet / "Interests.txt"
    for line, code, row in _occupation_rows(
        path, errors, codes, ("Element ID", "Element Name", "Scale ID", "Data Value")
    ):
        try:
            value = float(row["Data Value"])
        except ValueError:
            errors.add(path, line, "Data Value", f"{row['Data Value']!r} is not a number")
            continue
        occupation = occupations[code]
        if row["Scale ID"] == "OI":
            letter = RIASEC_BY_NAME.get(row["Element Name"].strip())
            if letter is None:
                errors.add(path, line, "Element Name", f"unknown interest area {row['Element Name']!r}")
            elif not 1 <= value <= 7:
                errors.add(path, line, "Data Value", f"interest rating {value} is outside 1-7")
            else:
                setattr(occupation, f"interest_{letter.lower()}", value)
        elif row["Scale ID"] == "IH" and row["Element ID"] in HIGH_POINT_ELEMENTS:
            position = HIGH_POINT_ELEMENTS.index(row["Element ID"])
            letters = list(occupation.high_point.ljust(3))
            letters[position] = RIASEC_BY_NUMBER.get(int(value), " ")
            occupation.high_point = "".join(letters)
    for occupation in occupations.values():
        occupation.high_point = occupation.high_point.replace(" ", "")

    labels: dict[tuple[str, int], str] = {}
    path = onet / "Education, Training, and Experience Categories.txt"
    for _line, row in read_csv(
        path, required=("Scale ID", "Category", "Category Description"), delimiter=TAB
    ):
        labels[(row["Scale ID"], int(float(row["Category"])))] = row["Category Description"].strip()
    education: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    path = onet / "Education, Training, and Experience.txt"
    for line, code, row in _occupation_rows(path, errors, codes, ("Scale ID", "Category", "Data Value")):
        scale = row["Scale ID"].strip()
        if scale not in {"RL", "RW", "PT", "OJ"}:
            continue
        try:
            category, pct = int(float(row["Category"])), parse_float(row["Data Value"])
        except ValueError:
            errors.add(path, line, "Data Value", "category or value is not a number")
            continue
        if pct is None:
            continue
        education[code][scale].append(
            {"category": category, "label": labels.get((scale, category), str(category)), "pct": pct}
        )
    for code, scales in education.items():
        occupations[code].education = {
            scale: sorted(v, key=lambda d: d["category"]) for scale, v in scales.items()
        }
        required_level = scales.get("RL")
        if required_level:
            label = max(required_level, key=lambda d: d["pct"])["label"]
            occupations[code].typical_education = short_education_label(label)

    titles: list[OccupationTitle] = []
    path = onet / "Alternate Titles.txt"
    for line, code, row in _occupation_rows(path, errors, codes, ("Alternate Title", "Short Title")):
        title = row["Alternate Title"].strip()
        if not title:
            errors.add(path, line, "Alternate Title", "empty title")
            continue
        titles.append(
            OccupationTitle(
                occupation_id=code,
                kind=OccupationTitle.Kind.ALTERNATE,
                title=title[:250],
                short_title=row["Short Title"].strip()[:120],
            )
        )
    path = onet / "Sample of Reported Titles.txt"
    for line, code, row in _occupation_rows(
        path, errors, codes, ("Reported Job Title", "Shown in My Next Move")
    ):
        title = row["Reported Job Title"].strip()
        if not title:
            errors.add(path, line, "Reported Job Title", "empty title")
            continue
        titles.append(
            OccupationTitle(
                occupation_id=code,
                kind=OccupationTitle.Kind.REPORTED,
                title=title[:250],
                featured=row["Shown in My Next Move"].strip() == "Y",
            )
        )

    descriptors: list[OccupationDescriptor] = []
    for kind, filename in (
        (OccupationDescriptor.Kind.SKILL, "Skills.txt"),
        (OccupationDescriptor.Kind.KNOWLEDGE, "Knowledge.txt"),
    ):
        path = onet / filename
        ratings: dict[tuple[str, str], dict[str, Any]] = {}
        for line, code, row in _occupation_rows(
            path, errors, codes, ("Element ID", "Element Name", "Scale ID", "Data Value")
        ):
            if row["Scale ID"] not in {"IM", "LV"}:
                continue
            try:
                value = float(row["Data Value"])
            except ValueError:
                errors.add(path, line, "Data Value", f"{row['Data Value']!r} is not a number")
                continue
            entry = ratings.setdefault((code, row["Element ID"]), {"name": row["Element Name"].strip()})
            entry[row["Scale ID"]] = value
        by_occupation: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for (code, element), entry in ratings.items():
            if "IM" in entry:
                by_occupation[code].append((element, entry))
        for code, entries in by_occupation.items():
            entries.sort(key=lambda e: (-e[1]["IM"], e[1]["name"]))
            for rank, (element, entry) in enumerate(entries[:DESCRIPTORS_PER_KIND], start=1):
                descriptors.append(
                    OccupationDescriptor(
                        occupation_id=code,
                        kind=kind,
                        element_id=element,
                        name=entry["name"],
                        importance=entry["IM"],
                        level=entry.get("LV"),
                        rank=rank,
                    )
                )

    related: dict[tuple[str, str], RelatedOccupation] = {}
    path = onet / "Related Occupations.txt"
    for line, code, row in _occupation_rows(
        path, errors, codes, ("Related O*NET-SOC Code", "Relatedness Tier", "Index")
    ):
        other = row["Related O*NET-SOC Code"].strip()
        if other not in codes:
            errors.add(path, line, "Related O*NET-SOC Code", f"unknown O*NET-SOC code {other!r}")
            continue
        try:
            rank = int(float(row["Index"]))
        except ValueError:
            errors.add(path, line, "Index", f"{row['Index']!r} is not a number")
            continue
        related[(code, other)] = RelatedOccupation(
            occupation_id=code, related_id=other, tier=row["Relatedness Tier"].strip(), rank=rank
        )

    errors.raise_if_any("occupations")

    JobZone.objects.bulk_create(
        zones.values(),
        update_conflicts=True,
        unique_fields=["number"],
        update_fields=["name", "experience", "education", "training", "examples"],
    )
    Occupation.objects.bulk_create(
        occupations.values(),
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "soc_code",
            "title",
            "description",
            "job_zone",
            "interest_r",
            "interest_i",
            "interest_a",
            "interest_s",
            "interest_e",
            "interest_c",
            "high_point",
            "education",
            "typical_education",
        ],
        batch_size=500,
    )
    Occupation.objects.exclude(code__in=codes).delete()
    for model in (OccupationTitle, OccupationDescriptor, RelatedOccupation):
        model.objects.all().delete()
    OccupationTitle.objects.bulk_create(titles, batch_size=5000)
    OccupationDescriptor.objects.bulk_create(descriptors, batch_size=5000)
    RelatedOccupation.objects.bulk_create(related.values(), batch_size=5000)
    with_interests = sum(1 for o in occupations.values() if o.interests is not None)
    return {
        "occupations": len(occupations),
        "occupations_with_interests": with_interests,
        "job_zones": len(zones),
        "titles": len(titles),
        "skills_and_knowledge": len(descriptors),
        "related": len(related),
    }


# --- Career Clusters ------------------------------------------------------------------------

CLUSTER_FILES = (
    "career_clusters/advance_cte_2025_soc_cluster_subcluster.csv",
    "career_clusters/advance_cte_2025_cip_cluster_subcluster.csv",
    "career_clusters/advance_cte_2025_cluster_subcluster_naics.csv",
    "career_clusters/onet_career_clusters_legacy16.csv",
)


@dataset(
    "clusters",
    description="Career Clusters (2024 framework and legacy 16) with SOC and CIP links",
    files=CLUSTER_FILES,
    order=60,
)
def load_clusters(data_dir: Path) -> Counts:
    errors = ImportErrors()
    occupations_by_soc: dict[str, list[str]] = defaultdict(list)
    for code, soc in Occupation.objects.values_list("code", "soc_code"):
        occupations_by_soc[soc].append(code)
    if not occupations_by_soc:
        raise DatasetError("clusters: no occupations are loaded; load the 'occupations' dataset first")
    known_cip = set(CipProgram.objects.values_list("code", flat=True))
    known_occupations = {c for codes in occupations_by_soc.values() for c in codes}

    # (framework, cluster name) -> {sub-cluster name: {"naics": [...], "occupations": set, "cips": set}}
    tree: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(dict)

    def node(framework: str, cluster: str, sub: str) -> dict[str, Any]:
        # Sub-clusters are keyed by slug: the sources spell one name in two cases ("water systems").
        entry = tree[(framework, cluster)].setdefault(
            slugify(sub)[:100], {"name": sub, "naics": [], "occupations": set(), "cips": set()}
        )
        if entry["name"].islower() and not sub.islower():
            entry["name"] = sub
        return entry

    modern = Framework.MODERN.value
    socs_without_onet = 0
    path = data_dir / CLUSTER_FILES[0]
    for line, row in read_csv(path, required=("soc_code", "career_cluster", "sub_cluster")):
        cluster, sub, soc = row["career_cluster"].strip(), row["sub_cluster"].strip(), row["soc_code"].strip()
        if not cluster or not sub:
            errors.add(path, line, "career_cluster", "cluster and sub-cluster are required")
            continue
        entry = node(modern, cluster, sub)
        if soc in occupations_by_soc:
            entry["occupations"].update(occupations_by_soc[soc])
        else:
            socs_without_onet += 1
    path = data_dir / CLUSTER_FILES[1]
    for line, row in read_csv(path, required=("cip2020_code", "career_cluster", "sub_cluster")):
        cip = row["cip2020_code"].strip()
        if cip == NO_MATCH_CIP:
            continue
        if cip not in known_cip:
            errors.add(path, line, "cip2020_code", f"unknown CIP code {cip!r}")
            continue
        node(modern, row["career_cluster"].strip(), row["sub_cluster"].strip())["cips"].add(cip)
    path = data_dir / CLUSTER_FILES[2]
    for _line, row in read_csv(
        path, required=("career_cluster", "sub_cluster", "naics_2digit", "naics_title")
    ):
        node(modern, row["career_cluster"].strip(), row["sub_cluster"].strip())["naics"].append(
            {"code": row["naics_2digit"].strip(), "title": row["naics_title"].strip()}
        )

    legacy = Framework.LEGACY.value
    path = data_dir / CLUSTER_FILES[3]
    for line, row in read_csv(path, required=("Career Cluster", "Career Pathway", "Code")):
        clusters = [c.strip() for c in row["Career Cluster"].split(";")]
        pathways = [p.strip() for p in row["Career Pathway"].split(";")]
        code = row["Code"].strip()
        if len(clusters) != len(pathways):
            errors.add(
                path, line, "Career Pathway", "the number of pathways differs from the number of clusters"
            )
            continue
        if code not in known_occupations:
            errors.add(path, line, "Code", f"unknown O*NET-SOC code {code!r}")
            continue
        for cluster, pathway in zip(clusters, pathways, strict=True):
            node(legacy, cluster, pathway)["occupations"].add(code)

    errors.raise_if_any("clusters")

    cluster_objs = [
        CareerCluster(
            framework=fw,
            slug=slugify(name)[:80],
            name=name,
            cross_cutting=fw == modern and name in CROSS_CUTTING,
        )
        for fw, name in tree
    ]
    CareerCluster.objects.bulk_create(
        cluster_objs,
        update_conflicts=True,
        unique_fields=["framework", "slug"],
        update_fields=["name", "cross_cutting"],
    )
    cluster_ids = {(c.framework, c.name): c.pk for c in CareerCluster.objects.all()}
    sub_objs = [
        SubCluster(cluster_id=cluster_ids[key], slug=sub_slug, name=entry["name"], naics=entry["naics"])
        for key, subs in tree.items()
        for sub_slug, entry in subs.items()
    ]
    SubCluster.objects.bulk_create(
        sub_objs, update_conflicts=True, unique_fields=["cluster", "slug"], update_fields=["name", "naics"]
    )
    sub_ids = {(s.cluster_id, s.slug): s.pk for s in SubCluster.objects.all()}
    keep_subs = set()
    occupation_links, cip_links = [], []
    for key, subs in tree.items():
        for sub_slug, entry in subs.items():
            sub_id = sub_ids[(cluster_ids[key], sub_slug)]
            keep_subs.add(sub_id)
            occupation_links += [
                Occupation.subclusters.through(occupation_id=code, subcluster_id=sub_id)
                for code in sorted(entry["occupations"])
            ]
            cip_links += [
                CipProgram.subclusters.through(cipprogram_id=cip, subcluster_id=sub_id)
                for cip in sorted(entry["cips"])
            ]
    SubCluster.objects.exclude(pk__in=keep_subs).delete()
    CareerCluster.objects.exclude(pk__in=cluster_ids.values()).filter(subclusters__isnull=True).delete()
    Occupation.subclusters.through.objects.all().delete()
    CipProgram.subclusters.through.objects.all().delete()
    Occupation.subclusters.through.objects.bulk_create(occupation_links, batch_size=5000)
    CipProgram.subclusters.through.objects.bulk_create(cip_links, batch_size=5000)
    return {
        "clusters_2024": sum(1 for fw, _ in tree if fw == modern),
        "clusters_legacy": sum(1 for fw, _ in tree if fw == legacy),
        "subclusters": len(sub_objs),
        "occupation_links": len(occupation_links),
        "cip_links": len(cip_links),
        "socs_without_onet": socs_without_onet,
    }
