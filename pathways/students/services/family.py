"""Writes: family and counselor views. These pages only read student records; what they write is
the audit trail of those reads (who looked at which student, who exported which list), so that
a family or a district can always ask "who has seen this record?".

Actions (see docs/families-and-counselors.md):

- `student.view`: a guardian or a staff member read one student's record (page or API);
- `student.list`: a staff member listed students through the caseload API;
- `student.export`: a staff member downloaded the caseload as CSV.
"""

from __future__ import annotations

from typing import Any

from pathways.accounts.models import User
from pathways.accounts.policies import Actor
from pathways.core.audit import audit_record
from pathways.core.models import AuditEvent


def student_view_record(*, acting_user: Actor, student: User, via: str) -> AuditEvent:
    """A guardian or staff member read `student`'s record; `via` names the page or endpoint."""
    return audit_record(
        acting_user=acting_user,
        action="student.view",
        object_type="student",
        object_id=str(student.public_id),
        details={"via": via},
    )


def caseload_list_record(*, acting_user: Actor, filters: dict[str, Any], count: int, via: str) -> AuditEvent:
    """A staff member listed students (the caseload API): the filters and how many came back."""
    return audit_record(
        acting_user=acting_user,
        action="student.list",
        object_type="caseload",
        details={"via": via, "filters": filters, "count": count},
    )


def caseload_export_record(*, acting_user: Actor, filters: dict[str, Any], students: list[str]) -> AuditEvent:
    """A staff member downloaded the caseload: the filters and the ids of every student in the file."""
    return audit_record(
        acting_user=acting_user,
        action="student.export",
        object_type="caseload",
        details={"filters": filters, "count": len(students), "students": students},
    )
