"""Partner and contact CSV import: dedupe by name, contacts per partner, bad rows, dry run, tenancy."""

from __future__ import annotations

import csv
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pathways.core.errors import NotFound
from pathways.core.models import AuditEvent
from pathways.orgs.models import Contact, Partner, PartnerKind
from pathways.orgs.oneroster import ImportRefused, ImportResult
from pathways.orgs.partner_import import COLUMNS, PartnerImporter

FIXTURE = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "partners" / "partners.csv"


@pytest.fixture
def partners_file(tmp_path: Path) -> Path:
    target = tmp_path / "partners.csv"
    shutil.copy(FIXTURE, target)
    return target


def write_rows(path: Path, *rows: dict[str, str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})


def import_into(consortium, path: Path, **kwargs) -> ImportResult:
    return PartnerImporter(consortium=consortium, path=path, **kwargs).apply()


def snapshot() -> tuple[int, int, int]:
    return Partner.objects.count(), Contact.objects.count(), AuditEvent.objects.count()


def test_it_creates_partners_and_one_contact_per_row(cast, catalog_db):
    result = import_into(cast.alpha, FIXTURE)

    cheese = Partner.objects.get(consortium=cast.alpha, name="Southwest Cheese (demo)")
    assert cheese.kind == PartnerKind.EMPLOYER
    assert (cheese.naics_code, cheese.city, cheese.is_public) == ("311513", "Clovis", True)
    assert sorted(cheese.contacts.values_list("name", "title", "is_public")) == [
        ("Carlos Demo-Ruiz", "Plant Supervisor", False),
        ("Tiffany Demo-Bretz", "HR Manager", True),
    ]
    sfed = Partner.objects.get(consortium=cast.alpha, name="Santa Fe Economic Development (demo)")
    assert sfed.kind == PartnerKind.ECONOMIC_DEVELOPMENT  # the English label, US spelling, any case
    assert sfed.website == "https://www.example.org/sfed"
    assert sfed.zip_code_id == "87501"
    assert not sfed.contacts.exists()
    board = Partner.objects.get(consortium=cast.alpha, name="Eastern Workforce Board (demo)")
    assert board.kind == PartnerKind.WORKFORCE_BOARD
    assert all(c.consortium == cast.alpha for c in Contact.objects.filter(partner__consortium=cast.alpha))
    assert result.counts["partners"].as_dict()["created"] == 3
    assert result.counts["partners"].updated == 1  # Alpha Manufacturing, already in the consortium
    assert result.counts["contacts"].created == 4
    assert AuditEvent.objects.filter(action="partners.import", object_id=str(cast.alpha.public_id)).exists()


def test_it_updates_a_partner_known_by_another_spelling_instead_of_duplicating_it(cast, catalog_db):
    import_into(cast.alpha, FIXTURE)

    assert Partner.objects.filter(consortium=cast.alpha, name__iexact="alpha manufacturing").count() == 1
    maker = Partner.objects.get(pk=cast.partner.pk)
    assert maker.name == "Alpha Manufacturing"  # matched, not renamed
    assert (maker.city, maker.zip_code_id, maker.naics_code) == ("Albuquerque", "87102", "332710")
    assert list(maker.contacts.values_list("name", "is_public")) == [("Pat Demo-Lopez", False)]


def test_it_changes_nothing_on_a_second_import(cast, catalog_db):
    import_into(cast.alpha, FIXTURE)
    partners, contacts, audits = snapshot()
    stamps = dict(Partner.objects.values_list("pk", "updated_at"))

    result = import_into(cast.alpha, FIXTURE)

    assert snapshot() == (partners, contacts, audits + 1)
    assert result.counts["partners"].as_dict() == {
        "created": 0,
        "updated": 0,
        "unchanged": 4,
        "deactivated": 0,
        "skipped": 0,
    }
    assert result.counts["contacts"].unchanged == 4
    assert dict(Partner.objects.values_list("pk", "updated_at")) == stamps


def test_it_updates_a_contact_by_partner_and_name_and_keeps_blank_cells(cast, catalog_db, partners_file):
    import_into(cast.alpha, FIXTURE)
    write_rows(
        partners_file,
        {
            "name": "SOUTHWEST CHEESE (DEMO)",
            "contact_name": "tiffany  demo-bretz",
            "contact_title": "HR Director",
        },
    )

    result = import_into(cast.alpha, partners_file)

    tiffany = Contact.objects.get(name="Tiffany Demo-Bretz")
    assert tiffany.title == "HR Director"
    assert tiffany.email == "tiffany.demo@example.com"  # blank cell: kept
    assert Partner.objects.get(name="Southwest Cheese (demo)").naics_code == "311513"
    assert result.counts["contacts"].updated == 1
    assert result.counts["partners"].unchanged == 1


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"name": "Welding Co (demo)", "kind": "factory"}, "kind"),
        ({"name": "Welding Co (demo)", "kind": "employer", "zip": "99999"}, "zip"),
        ({"name": "Welding Co (demo)", "kind": "employer", "zip": "8750"}, "zip"),  # 08750 is not in the data
        ({"name": "Welding Co (demo)", "kind": "employer", "zip": "Santa Fe"}, "zip"),
        ({"name": "Welding Co (demo)", "kind": "employer", "naics_code": "33A"}, "naics_code"),
        ({"name": "Welding Co (demo)", "kind": "employer", "website": "not a site"}, "website"),
        ({"name": "Welding Co (demo)", "kind": "employer", "is_public": "perhaps"}, "is_public"),
        (
            {"name": "Welding Co (demo)", "kind": "employer", "contact_name": "Al", "contact_email": "x@"},
            "contact_email",
        ),
        ({"name": "Welding Co (demo)", "kind": "employer", "contact_title": "Boss"}, "contact_name"),
        ({"name": "", "kind": "employer"}, "name"),
        ({"name": "Welding Co (demo)"}, "kind"),  # a new partner needs a kind
    ],
)
def test_it_refuses_a_bad_row_naming_its_line_and_field_and_writes_nothing(
    cast, catalog_db, partners_file, row, field
):
    write_rows(partners_file, {"name": "Good Partner (demo)", "kind": "community"}, row)
    before = snapshot()

    with pytest.raises(ImportRefused) as refused:
        import_into(cast.alpha, partners_file)

    assert snapshot() == before
    assert [(i.file, i.line, i.field) for i in refused.value.issues] == [("partners.csv", 3, field)]
    assert str(refused.value.issues[0]).startswith(f"partners.csv, line 3, field {field}:")


def test_it_lists_every_bad_row_at_once(cast, catalog_db, partners_file):
    write_rows(
        partners_file,
        {"name": "One (demo)", "kind": "employer", "zip": "00000"},
        {"name": "Two (demo)", "kind": "employers"},
        {"name": "One (demo)", "kind": "community"},  # contradicts line 2
        {"name": "Three (demo)", "kind": "labor", "zip": "87501"},
    )

    with pytest.raises(ImportRefused) as refused:
        import_into(cast.alpha, partners_file)

    assert [(i.line, i.field) for i in refused.value.issues] == [(2, "zip"), (3, "kind"), (4, "kind")]
    assert Partner.objects.filter(name="Three (demo)").count() == 0


def test_it_refuses_a_file_without_the_required_columns(cast, catalog_db, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text("organisation,type\nAcme,employer\n", encoding="utf-8")

    with pytest.raises(ImportRefused) as refused:
        import_into(cast.alpha, path)

    issue = refused.value.issues[0]
    assert (issue.file, issue.line) == ("orgs.csv", None)
    assert "name, kind" in issue.message


def test_it_writes_nothing_on_a_dry_run(cast, catalog_db):
    before = snapshot()
    out = StringIO()

    call_command("import_partners", str(FIXTURE), consortium="alpha", dry_run=True, stdout=out)

    assert snapshot() == before
    assert "Dry run: nothing was written." in out.getvalue()
    partners_line = next(line for line in out.getvalue().splitlines() if line.startswith("partners"))
    assert partners_line.split()[1:] == ["3", "1", "0", "0", "0"]


def test_the_command_lists_errors_and_fails(cast, catalog_db, partners_file):
    write_rows(partners_file, {"name": "Bad (demo)", "kind": "factory"})
    err = StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_partners", str(partners_file), consortium="alpha", stdout=StringIO(), stderr=err)

    assert "partners.csv, line 2, field kind: unknown kind 'factory'" in err.getvalue()


def test_it_keeps_consortia_apart_and_refuses_outsiders(cast, catalog_db):
    with pytest.raises(NotFound):
        PartnerImporter(consortium=cast.alpha, path=FIXTURE, acting_user=cast.outsider)
    with pytest.raises(NotFound):
        PartnerImporter(consortium=cast.alpha, path=FIXTURE, acting_user=cast.teacher)

    import_into(cast.beta, FIXTURE, acting_user=cast.outsider.__class__.objects.create_superuser("root"))

    assert Partner.objects.get(pk=cast.partner.pk).city == ""  # Alpha's partner untouched
    assert Partner.objects.filter(consortium=cast.beta).count() == 4
    assert not Contact.objects.filter(consortium=cast.alpha).exists()
    assert Contact.objects.filter(consortium=cast.beta).count() == 4

    import_into(cast.alpha, FIXTURE, acting_user=cast.staff)
    assert AuditEvent.objects.filter(action="partners.import", actor=cast.staff).exists()
