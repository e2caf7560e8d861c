"""A simple CSV import of partner organisations and their contacts into one consortium.

One row per contact: a partner repeated on several rows gets several contacts, and a row with
no contact just creates or updates the partner. Partners are matched by name (ignoring case and
spaces) within the consortium, so a partner already known is updated, never duplicated; contacts
are matched by (partner, name) the same way. A blank cell leaves the stored value as it is.
`PartnerImporter.validate()` checks every row and says what would change; `apply()` writes in one
transaction, and only if no row has an error. Errors name file, line and field, as the roster
import's do (they share `pathways.orgs.oneroster`'s CSV machinery). See docs/import-formats.md.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pathways.accounts.models import User
from pathways.accounts.policies import is_leader
from pathways.core.audit import audit_record
from pathways.core.errors import NotFound
from pathways.core.models import ensure_same_consortium
from pathways.labor.models import ZipCode

from .models import Consortium, Contact, Partner, PartnerKind
from .oneroster import ImportRefused, ImportResult, Issues, KindCounts, RowReader, normalize_name, read_table

COLUMNS = (
    "name",
    "kind",
    "website",
    "city",
    "zip",
    "naics_code",
    "description",
    "is_public",
    "contact_name",
    "contact_title",
    "contact_email",
    "contact_phone",
    "contact_is_public",
)
REQUIRED_COLUMNS = ("name", "kind")
PARTNER_FIELDS = ("kind", "website", "city", "zip_code_id", "naics_code", "description", "is_public")
CONTACT_FIELDS = ("title", "email", "phone", "is_public")
# Which CSV column each stored field comes from (for error messages).
COLUMN_OF = {
    "kind": "kind",
    "website": "website",
    "city": "city",
    "zip_code_id": "zip",
    "naics_code": "naics_code",
    "description": "description",
    "is_public": "is_public",
    "title": "contact_title",
    "email": "contact_email",
    "phone": "contact_phone",
    "contact_is_public": "contact_is_public",
}


def _kind_key(text: str) -> str:
    text = text.casefold().replace("organization", "organisation").replace("_", " ")
    return " ".join(text.split())


def kind_choices() -> dict[str, str]:
    """Every accepted spelling of a partner kind (value, English label, label in the active language)."""
    choices: dict[str, str] = {}
    for value, label in PartnerKind.choices:
        choices[_kind_key(value)] = value
        choices[_kind_key(str(label))] = value
        with translation.override("en"):
            choices[_kind_key(str(label))] = value
    return choices


@dataclass
class _Merged:
    """One partner or contact as the file describes it, merged over its rows."""

    line: int  # first line naming it
    name: str
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # field -> line that gave its value
    contacts: dict[str, _Merged] = field(default_factory=dict)  # normalised name -> contact
    kind_given: bool = False  # a kind cell was filled in (valid or not)

    def merge(self, row: RowReader, values: dict[str, Any]) -> None:
        for name, value in values.items():
            if value is None or value == "":
                continue
            if name in self.values and self.values[name] != value:
                row.error(
                    COLUMN_OF.get(name, name),
                    _("%(value)r differs from %(previous)r, given for %(what)s on line %(line)d.")
                    % {
                        "value": value,
                        "previous": self.values[name],
                        "line": self.lines[name],
                        "what": self.name,
                    },
                )
                continue
            self.values[name] = value
            self.lines.setdefault(name, row.line)


@dataclass
class _PartnerPlan:
    partner: Partner
    save: bool  # new, or changed
    contact_creates: list[Contact]
    contact_updates: list[Contact]


class PartnerImporter:
    """Import one partners CSV file into one consortium. One instance per import."""

    def __init__(self, *, consortium: Consortium, path: Path, acting_user: User | None = None) -> None:
        if acting_user is not None and not (
            acting_user.is_superuser or is_leader(acting_user, consortium.pk)
        ):
            raise NotFound(_("Not found."))
        self.consortium = consortium
        self.path = Path(path)
        self.acting_user = acting_user

    def validate(self) -> ImportResult:
        """Check every row and work out what an import would change. Writes nothing."""
        result, _plan = self._plan()
        return result

    def apply(self) -> ImportResult:
        """Check, then write everything in one transaction; raise `ImportRefused` on any error."""
        with transaction.atomic():
            result, plan = self._plan()
            if result.issues:
                raise ImportRefused(result.issues)
            started = time.perf_counter()
            self._write(plan)
            audit_record(
                acting_user=self.acting_user,
                action="partners.import",
                object_type="consortium",
                object_id=str(self.consortium.public_id),
                details={
                    "consortium": self.consortium.slug,
                    "file": self.path.name,
                    "counts": result.counts_dict(),
                },
            )
            result.seconds += time.perf_counter() - started
            result.written = True
        return result

    # --- checking ------------------------------------------------------------------------------

    def _plan(self) -> tuple[ImportResult, list[_PartnerPlan]]:
        started = time.perf_counter()
        issues = Issues()
        result = ImportResult(counts={"partners": KindCounts(), "contacts": KindCounts()})
        partners = self._read(issues, result)
        # Matching runs even after bad rows, so that its errors (a new partner without a kind) are
        # listed too; nothing is written while there is any error.
        plan = self._match(partners, issues, result)
        result.issues = sorted(issues, key=lambda issue: issue.line or 0)
        result.seconds = time.perf_counter() - started
        return result, plan

    def _read(self, issues: Issues, result: ImportResult) -> dict[str, _Merged]:
        if not self.path.is_file():
            issues.add(self.path.name, None, None, _("no such file."))
            return {}
        table = read_table(self.path, required=REQUIRED_COLUMNS, issues=issues)
        if table is None:
            return {}
        result.checked[table.name] = len(table.rows)
        result.modes[table.name] = "bulk"
        unknown = [c for c in table.columns if c and c not in COLUMNS]
        if unknown:
            result.notes.append(_("column(s) not used: %(columns)s.") % {"columns": ", ".join(unknown)})
        kinds = kind_choices()
        known_zips = set(ZipCode.objects.filter(zip__in=self._zips(table.rows)).values_list("zip", flat=True))
        partners: dict[str, _Merged] = {}
        for line, values in table.rows:
            row = RowReader(table, line, values, issues)
            name = " ".join(row.text("name", required=True, max_length=200).split())
            kind_text = row.text("kind")
            kind = kinds.get(_kind_key(kind_text)) if kind_text else None
            if kind_text and kind is None:
                row.error(
                    "kind",
                    _("unknown kind %(value)r; use one of: %(kinds)s.")
                    % {"value": kind_text, "kinds": ", ".join(PartnerKind.values)},
                )
            partner_values: dict[str, Any] = {
                "kind": kind,
                "website": self._website(row),
                "city": row.text("city", max_length=100),
                "zip_code_id": self._zip(row, known_zips),
                "naics_code": self._naics(row),
                "description": row.text("description"),
                "is_public": row.boolean("is_public", strict=False),
            }
            contact_name = " ".join(row.text("contact_name", max_length=200).split())
            contact_values: dict[str, Any] = {
                "title": row.text("contact_title", max_length=200),
                "email": row.email("contact_email"),
                "phone": row.text("contact_phone", max_length=40),
                "contact_is_public": row.boolean("contact_is_public", strict=False),
            }
            if not contact_name and any(v not in (None, "") for v in contact_values.values()):
                row.error("contact_name", _("a contact needs a name."))
            if not name:
                continue
            partner = partners.setdefault(normalize_name(name), _Merged(line, name))
            partner.merge(row, partner_values)
            partner.kind_given = partner.kind_given or bool(kind_text)
            if contact_name:
                contact = partner.contacts.setdefault(
                    normalize_name(contact_name), _Merged(line, contact_name)
                )
                contact.merge(row, contact_values)
        return partners

    @staticmethod
    def _zips(rows: list[tuple[int, dict[str, str]]]) -> list[str]:
        return [
            PartnerImporter._zip_text(values.get("zip", "")) for _line, values in rows if values.get("zip")
        ]

    @staticmethod
    def _zip_text(value: str) -> str:
        """'87501', '87501-1234' -> '87501'; '2134' (a spreadsheet dropped the zero) -> '02134'."""
        value = value.strip()
        match = re.fullmatch(r"(\d{3,5})(-\d{4})?", value)
        return match.group(1).zfill(5) if match else value

    def _zip(self, row: RowReader, known: set[str]) -> str | None:
        value = row.text("zip")
        if not value:
            return None
        code = self._zip_text(value)
        if not re.fullmatch(r"\d{5}", code):
            row.error("zip", _("%(value)r is not a ZIP code (five digits).") % {"value": value})
            return None
        if code not in known:
            row.error("zip", _("%(value)r is not a known US ZIP code.") % {"value": value})
            return None
        return code

    @staticmethod
    def _website(row: RowReader) -> str:
        value = row.text("website", max_length=200)
        if not value:
            return ""
        url = value if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE) else f"https://{value}"
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            row.error("website", _("%(value)r is not a web address.") % {"value": value})
            return ""
        return url

    @staticmethod
    def _naics(row: RowReader) -> str:
        value = row.text("naics_code")
        if value and not re.fullmatch(r"\d{2,6}", value):
            row.error("naics_code", _("%(value)r is not a NAICS code (2 to 6 digits).") % {"value": value})
            return ""
        return value

    # --- matching against what is stored --------------------------------------------------------

    def _match(
        self, partners: dict[str, _Merged], issues: Issues, result: ImportResult
    ) -> list[_PartnerPlan]:
        """For each partner in the file: the Partner to save and its contacts to create and update."""
        file = self.path.name
        existing: dict[str, list[Partner]] = {}
        for partner in Partner.objects.filter(consortium=self.consortium):
            existing.setdefault(normalize_name(partner.name), []).append(partner)
        contacts: dict[tuple[int, str], Contact] = {}
        for contact in Contact.objects.filter(consortium=self.consortium, partner__isnull=False).order_by(
            "pk"
        ):
            assert contact.partner_id is not None  # filtered above
            contacts.setdefault((contact.partner_id, normalize_name(contact.name)), contact)
        now = timezone.now()
        counts, contact_counts = result.counts["partners"], result.counts["contacts"]
        plan: list[_PartnerPlan] = []
        for key, merged in partners.items():
            matches = existing.get(key, [])
            if len(matches) > 1:
                issues.add(
                    file,
                    merged.line,
                    "name",
                    _("%(name)r matches several partners (%(names)s); rename them first.")
                    % {"name": merged.name, "names": ", ".join(p.name for p in matches)},
                )
                continue
            values = dict(merged.values)
            if matches:
                partner = matches[0]
                changed = [f for f in PARTNER_FIELDS if f in values and getattr(partner, f) != values[f]]
                for name in changed:
                    setattr(partner, name, values[name])
                if changed:
                    partner.updated_at = now
                    counts.updated += 1
                else:
                    counts.unchanged += 1
                save = bool(changed)
            else:
                if not values.get("kind"):
                    if not merged.kind_given:  # else its bad kind is already listed
                        issues.add(file, merged.line, "kind", _("a new partner needs a kind."))
                    continue
                partner = Partner(consortium=self.consortium, name=merged.name, **values)
                counts.created += 1
                save = True
            creates: list[Contact] = []
            updates: list[Contact] = []
            for contact_key, person in merged.contacts.items():
                stored = contacts.get((partner.pk, contact_key)) if partner.pk else None
                wanted = dict(person.values)
                if "contact_is_public" in wanted:
                    wanted["is_public"] = wanted.pop("contact_is_public")
                if stored is None:
                    creates.append(Contact(consortium=self.consortium, name=person.name, **wanted))
                    contact_counts.created += 1
                    continue
                changed = [f for f in CONTACT_FIELDS if f in wanted and getattr(stored, f) != wanted[f]]
                for name in changed:
                    setattr(stored, name, wanted[name])
                if changed:
                    stored.updated_at = now
                    updates.append(stored)
                    contact_counts.updated += 1
                else:
                    contact_counts.unchanged += 1
            plan.append(_PartnerPlan(partner, save, creates, updates))
        return plan

    # --- writing -------------------------------------------------------------------------------

    def _write(self, plan: list[_PartnerPlan]) -> None:
        for item in plan:
            partner = item.partner
            if partner.pk is None:
                partner.save()
            elif item.save:
                partner.save(update_fields=[*PARTNER_FIELDS, "updated_at"])
            for contact in item.contact_creates:
                contact.partner = partner
                ensure_same_consortium(contact, partner)
            Contact.objects.bulk_create(item.contact_creates)
            for contact in item.contact_updates:
                contact.save(update_fields=[*CONTACT_FIELDS, "updated_at"])
