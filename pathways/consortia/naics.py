"""NAICS 2022 sectors (the two-digit level), by code, for labelling target industries.

Source: U.S. Census Bureau, North American Industry Classification System, 2022 (public domain).
"""

from __future__ import annotations

SECTORS: dict[str, str] = {
    "11": "Agriculture, Forestry, Fishing and Hunting",
    "21": "Mining, Quarrying, and Oil and Gas Extraction",
    "22": "Utilities",
    "23": "Construction",
    "31-33": "Manufacturing",
    "42": "Wholesale Trade",
    "44-45": "Retail Trade",
    "48-49": "Transportation and Warehousing",
    "51": "Information",
    "52": "Finance and Insurance",
    "53": "Real Estate and Rental and Leasing",
    "54": "Professional, Scientific, and Technical Services",
    "55": "Management of Companies and Enterprises",
    "56": "Administrative and Support and Waste Management and Remediation Services",
    "61": "Educational Services",
    "62": "Health Care and Social Assistance",
    "71": "Arts, Entertainment, and Recreation",
    "72": "Accommodation and Food Services",
    "81": "Other Services (except Public Administration)",
    "92": "Public Administration",
}
# Codes inside a ranged sector ("32" is Manufacturing, written "31-33").
_ALIASES = {
    "31": "31-33",
    "32": "31-33",
    "33": "31-33",
    "44": "44-45",
    "45": "44-45",
    "48": "48-49",
    "49": "48-49",
}


def normalize(code: str) -> str | None:
    """The sector code for `code` ("32" -> "31-33"), or None if it is not a NAICS sector."""
    code = code.strip().replace("\u2013", "-")  # an en dash (U+2013), as in "31\u201333"
    code = _ALIASES.get(code, code)
    return code if code in SECTORS else None


def sort_key(code: str) -> tuple[int, str]:
    return (int(code[:2]), code)


def naics_sectors(codes: list[str]) -> list[dict[str, str]]:
    return [{"code": c, "title": SECTORS.get(c, "")} for c in codes]
