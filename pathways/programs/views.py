"""Programs pages: the list, the finder, a program's page, and the staff pages that edit a program.

Views are thin: they fetch rows through `selectors.access_*` (one 404 for missing and not
yours), read forms, call `services`, and pick a template. Editing pages answer 404 to anybody
who may not edit the program, like any row outside their scope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pathways.accounts import policies
from pathways.accounts.models import User
from pathways.catalog.models import CareerCluster, Framework
from pathways.core.errors import DomainError, NotFound
from pathways.labor.templatetags.wages import wage_label
from pathways.orgs.models import Partner

from . import forms, selectors, services
from .models import (
    AdvisoryCommitteeMember,
    Course,
    Credential,
    DeliveryMode,
    DualCreditCourse,
    ProgramOfStudy,
    ProgramStatus,
    TeacherLicense,
)


def _render(request: HttpRequest, template: str, context: dict[str, Any], fragment: str) -> HttpResponse:
    """The whole page, or only `fragment` (a partialdef) when HTMX asks for it."""
    htmx = getattr(request, "htmx", None)
    wants_fragment = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    context = {**context, "fragment": wants_fragment}
    response = render(request, f"{template}#{fragment}" if wants_fragment else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _get(fetch: Callable[[Any, UUID | str], Any], user: Any, public_id: UUID | str) -> Any:
    try:
        return fetch(user, public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _clusters() -> QuerySet[CareerCluster]:
    return CareerCluster.objects.filter(framework=Framework.MODERN).order_by("name")


# --- list, finder, detail --------------------------------------------------------------------


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    form = forms.FinderForm(request.GET)
    chosen = form.values()
    status = request.GET.get("status", "")
    if status not in ProgramStatus.values:
        status = ""
    try:
        programs = list(
            selectors.programs_list(
                request.user, cluster=chosen["cluster"], delivery=chosen["delivery"], status=status
            )
        )
    except DomainError:
        programs = []
    scope = policies.scope_of(request.user)
    return _render(
        request,
        "programs/program_list.html",
        {
            "programs": programs,
            "chosen": {**chosen, "status": status},
            "clusters": _clusters(),
            "delivery_modes": DeliveryMode.choices,
            "statuses": ProgramStatus.choices if scope.staff_of else [],
            "may_create": selectors.may_create_programs(request.user),
            "is_member": bool(scope.member_of),
        },
        "program-results",
    )


@login_required
def finder(request: HttpRequest) -> HttpResponse:
    form = forms.FinderForm(request.GET)
    chosen = form.values()
    schools = list(selectors.finder_schools(request.user))
    school = None
    if chosen["school"]:
        school = _get(selectors.access_finder_school, request.user, chosen["school"])
    else:
        school = selectors.default_finder_school(request.user)
    rows: list[selectors.ReachRow] = []
    if school is not None:
        rows = selectors.programs_reachable_from(
            school, cluster=chosen["cluster"], delivery=chosen["delivery"], sort=chosen["sort"]
        )
    many_consortia = len({s.consortium_id for s in schools}) > 1
    scope = policies.scope_of(request.user)
    return _render(
        request,
        "programs/finder.html",
        {
            "school": school,
            "schools": schools,
            "many_consortia": many_consortia,
            "for_student": bool(scope.student_at) and not scope.staff_of,
            "rows": rows,
            "chosen": chosen,
            "clusters": _clusters(),
            "delivery_modes": DeliveryMode.choices,
        },
        "finder-results",
    )


@login_required
def program_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    program: ProgramOfStudy = _get(selectors.access_program, request.user, public_id)
    staff = selectors.may_see_staff_details(request.user, program)
    detail = selectors.program_detail(program, staff_details=staff)
    careers = selectors.program_careers(program, selectors.program_wage_area(program))
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "detail": detail,
            "careers": careers,
            "wage_source_label": wage_label(careers.area),
            "staff": staff,
            "may_edit": selectors.may_edit_program(request.user, program),
            "location": program.location_school,
        },
    )


# --- create and edit -------------------------------------------------------------------------


def _program_form(
    request: HttpRequest, program: ProgramOfStudy | None, data: Any = None
) -> forms.ProgramForm:
    user = request.user
    if program is None:
        schools = list(selectors.offering_schools(user).order_by("consortium__name", "name"))
        districts = list(selectors.offering_districts(user).order_by("consortium__name", "name"))
        consortium_ids = {s.consortium_id for s in schools} | {d.consortium_id for d in districts}
        member: list[Any] = []
        colleges: list[Partner] = []
        for consortium_id in sorted(consortium_ids):
            member += list(selectors.member_schools(consortium_id))
            colleges += list(selectors.colleges(consortium_id))
        return forms.ProgramForm(
            data, schools=schools, districts=districts, member_schools=member, colleges=colleges
        )
    initial = {
        "name": program.name,
        "description": program.description,
        "cluster": program.cluster.slug,
        "subcluster": f"{program.cluster.slug}/{program.subcluster.slug}" if program.subcluster else "",
        "cip": program.cip_id,
        "delivery_mode": program.delivery_mode,
        "host_school": str(program.host_school.public_id) if program.host_school else "",
        "host_partner": str(program.host_partner.public_id) if program.host_partner else "",
        "eligible_schools": [str(s.public_id) for s in program.eligible_schools.all()],
        "status": program.status,
        "nontraditional_for": program.nontraditional_for
        if program.nontraditional_set_by_staff
        else services.AUTO,
    }
    return forms.ProgramForm(
        data,
        initial=initial,
        schools=[],
        districts=[],
        member_schools=list(selectors.member_schools(program.consortium_id)),
        colleges=list(selectors.colleges(program.consortium_id)),
        editing=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    if not selectors.may_create_programs(request.user):
        raise Http404(_("Not found."))
    form = _program_form(request, None, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(acting_user=request.user, **form.service_kwargs())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Program created. Now add its course sequence."))
            return redirect("programs:program-sequence", public_id=program.public_id)
    return render(request, "programs/program_form.html", {"form": form, "program": None})


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    program: ProgramOfStudy = _get(selectors.access_program_for_edit, request.user, public_id)
    form = _program_form(request, program, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(acting_user=request.user, program=program, **form.service_kwargs())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("programs:program-detail", public_id=program.public_id)
    return render(
        request,
        "programs/program_form.html",
        {"form": form, "program": program, "section": "edit", "sections": SECTIONS},
    )


# --- the editing sections --------------------------------------------------------------------


def _section(
    request: HttpRequest, program: ProgramOfStudy, section: str, context: dict[str, Any]
) -> HttpResponse:
    return render(
        request,
        f"programs/manage_{section}.html",
        {"program": program, "section": section, "sections": SECTIONS, **context},
    )


def _back(program: ProgramOfStudy, section: str) -> HttpResponseRedirect:
    return redirect(f"programs:program-{section}", public_id=program.public_id)


def _remove(request: HttpRequest, rows: QuerySet[Any], remove: Callable[[Any], None], done: str) -> bool:
    """Handle a POST `action=remove item=<uuid>` against `rows` (already scoped to the program)."""
    if request.POST.get("action") != "remove":
        return False
    row = _item(request, rows)
    remove(row)
    messages.success(request, done)
    return True


def _item(request: HttpRequest, rows: QuerySet[Any]) -> Any:
    """The row named by the POST field `item` (a UUID) among `rows`; 404 if none."""
    try:
        public_id = UUID(str(request.POST.get("item")))
    except ValueError:
        raise Http404(_("Not found.")) from None
    row = rows.filter(public_id=public_id).first()
    if row is None:
        raise Http404(_("Not found."))
    return row


@login_required
@require_http_methods(["GET", "POST"])
def program_sequence(request: HttpRequest, public_id: UUID) -> HttpResponse:
    program: ProgramOfStudy = _get(selectors.access_program_for_edit, request.user, public_id)
    user = request.user
    courses = list(Course.objects.filter(consortium_id=program.consortium_id).order_by("code"))
    form = forms.SequenceAddForm(courses=courses)
    if request.method == "POST":
        action = request.POST.get("action")
        if _remove(
            request,
            program.program_courses.select_related("course", "program"),
            lambda row: services.program_course_remove(acting_user=user, program_course=row),
            _("Course removed from the sequence."),
        ):
            return _back(program, "sequence")
        if action in ("up", "down"):
            row = _item(request, program.program_courses.select_related("program"))
            services.program_course_move(acting_user=user, program_course=row, direction=action)
            return _back(program, "sequence")
        form = forms.SequenceAddForm(request.POST, courses=courses)
        if form.is_valid():
            data = form.cleaned_data
            try:
                course = data["course"] or services.course_create(
                    acting_user=user,
                    consortium=program.consortium,
                    code=data["code"],
                    title=data["title"],
                    credits=data["credits"] if data["credits"] is not None else 1,
                    grade_low=data["grade_low"],
                    grade_high=data["grade_high"],
                    is_cte=data["is_cte"],
                )
                services.program_course_add(
                    acting_user=user,
                    program=program,
                    course=course,
                    level=data["level"],
                    recommended_grade=data["recommended_grade"],
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Course added to the sequence."))
                return _back(program, "sequence")
    sequence = selectors.program_sequence(program)
    rows = [
        (
            pc,
            index > 0 and sequence[index - 1].level == pc.level,
            index + 1 < len(sequence) and sequence[index + 1].level == pc.level,
        )
        for index, pc in enumerate(sequence)
    ]
    return _section(request, program, "sequence", {"form": form, "sequence": sequence, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def program_dual_credit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    program: ProgramOfStudy = _get(selectors.access_program_for_edit, request.user, public_id)
    user = request.user
    sequence = selectors.program_sequence(program)
    colleges = list(selectors.colleges(program.consortium_id))
    form = forms.DualCreditForm(program_courses=sequence, colleges=colleges)
    is_leader = policies.is_leader(user, program.consortium_id)
    terms_form = forms.CollegeTermsForm(colleges=colleges) if is_leader else None
    if request.method == "POST":
        if _remove(
            request,
            DualCreditCourse.objects.filter(program_course__program=program).select_related(
                "program_course__program"
            ),
            lambda row: services.dual_credit_remove(acting_user=user, dual_credit=row),
            _("Dual-credit course removed."),
        ):
            return _back(program, "dual-credit")
        if request.POST.get("action") == "terms" and is_leader:
            terms_form = forms.CollegeTermsForm(request.POST, colleges=colleges)
            if terms_form.is_valid():
                try:
                    services.college_terms_set(acting_user=user, **terms_form.cleaned_data)
                except DomainError as exc:
                    terms_form.add_domain_error(exc)
                else:
                    messages.success(request, _("Tuition saved."))
                    return _back(program, "dual-credit")
        else:
            form = forms.DualCreditForm(request.POST, program_courses=sequence, colleges=colleges)
            if form.is_valid():
                try:
                    services.dual_credit_add(acting_user=user, **form.cleaned_data)
                except DomainError as exc:
                    form.add_domain_error(exc)
                else:
                    messages.success(request, _("Dual-credit course added."))
                    return _back(program, "dual-credit")
    dual = [(pc, dc) for pc in sequence for dc in pc.dual_credits.all()]
    return _section(
        request,
        program,
        "dual_credit",
        {"form": form, "terms_form": terms_form, "dual": dual, "sequence": sequence, "colleges": colleges},
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_credentials(request: HttpRequest, public_id: UUID) -> HttpResponse:
    program: ProgramOfStudy = _get(selectors.access_program_for_edit, request.user, public_id)
    user = request.user
    credentials = list(Credential.objects.filter(consortium_id=program.consortium_id).order_by("name"))
    form = forms.CredentialAddForm(credentials=credentials)
    if request.method == "POST":
        if _remove(
            request,
            program.program_credentials.select_related("program", "credential"),
            lambda row: services.program_credential_remove(acting_user=user, program_credential=row),
            _("Credential removed from the program."),
        ):
            return _back(program, "credentials")
        form = forms.CredentialAddForm(request.POST, credentials=credentials)
        if form.is_valid():
            data = form.cleaned_data
            try:
                credential = data["credential"] or services.credential_create(
                    acting_user=user,
                    consortium=program.consortium,
                    name=data["credential_name"],
                    issuer=data["issuer"],
                    url=data["url"],
                    ctid=data["ctid"],
                )
                services.program_credential_add(
                    acting_user=user, program=program, credential=credential, level=data["level"]
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Credential added."))
                return _back(program, "credentials")
    detail = selectors.program_detail(program, staff_details=False)
    return _section(request, program, "credentials", {"form": form, "credentials": detail.credentials})


@login_required
@require_http_methods(["GET", "POST"])
def program_teachers(request: HttpRequest, public_id: UUID) -> HttpResponse:
    program: ProgramOfStudy = _get(selectors.access_program_for_edit, request.user, public_id)
    user = request.user
    teachers: list[User] = list(selectors.consortium_teachers(program.consortium_id))
    assign_form = forms.TeacherAssignForm(teachers=teachers, prefix="assign")
    license_form = forms.TeacherLicenseForm(teachers=teachers, prefix="license")
    may_license = selectors.may_manage_catalog(user, program.consortium_id)
    if request.method == "POST":
        if _remove(
            request,
            program.teacher_assignments.select_related("program", "teacher"),
            lambda row: services.teacher_unassign(acting_user=user, assignment=row),
            _("Teacher removed from the program."),
        ):
            return _back(program, "teachers")
        action = request.POST.get("action")
        if action == "remove-license":
            row = _item(
                request,
                TeacherLicense.objects.filter(
                    consortium_id=program.consortium_id,
                    teacher__program_assignments__program=program,
                ),
            )
            services.teacher_license_remove(acting_user=user, license=row)
            messages.success(request, _("License area removed."))
            return _back(program, "teachers")
        if action == "license":
            license_form = forms.TeacherLicenseForm(request.POST, teachers=teachers, prefix="license")
            if license_form.is_valid():
                try:
                    services.teacher_license_add(
                        acting_user=user, consortium=program.consortium, **license_form.cleaned_data
                    )
                except DomainError as exc:
                    license_form.add_domain_error(exc)
                else:
                    messages.success(request, _("License area added."))
                    return _back(program, "teachers")
        else:
            assign_form = forms.TeacherAssignForm(request.POST, teachers=teachers, prefix="assign")
            if assign_form.is_valid():
                try:
                    services.teacher_assign(acting_user=user, program=program, **assign_form.cleaned_data)
                except DomainError as exc:
                    assign_form.add_domain_error(exc)
                else:
                    messages.success(request, _("Teacher assigned."))
                    return _back(program, "teachers")
    detail = selectors.program_detail(program, staff_details=True)
    return _section(
        request,
        program,
        "teachers",
        {
            "assign_form": assign_form,
            "license_form": license_form if may_license else None,
            "detail": detail,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_advisory(request: HttpRequest, public_id: UUID) -> HttpResponse:
    program: ProgramOfStudy = _get(selectors.access_program_for_edit, request.user, public_id)
    user = request.user
    partners = list(Partner.objects.filter(consortium_id=program.consortium_id).order_by("name"))
    form = forms.AdvisoryForm(partners=partners)
    if request.method == "POST":
        if _remove(
            request,
            AdvisoryCommitteeMember.objects.filter(program=program).select_related("program"),
            lambda row: services.advisory_member_remove(acting_user=user, member=row),
            _("Member removed from the committee."),
        ):
            return _back(program, "advisory")
        form = forms.AdvisoryForm(request.POST, partners=partners)
        if form.is_valid():
            try:
                services.advisory_member_add(
                    acting_user=user, consortium=program.consortium, program=program, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Member added to the committee."))
                return _back(program, "advisory")
    members = list(program.advisory_members.select_related("organisation"))
    return _section(request, program, "advisory", {"form": form, "members": members})


# (url name suffix, template section, label) of the editing pages, in the order of the tabs.
SECTIONS = [
    ("edit", "edit", gettext_lazy("Details")),
    ("sequence", "sequence", gettext_lazy("Course sequence")),
    ("dual-credit", "dual_credit", gettext_lazy("Dual credit")),
    ("credentials", "credentials", gettext_lazy("Credentials")),
    ("teachers", "teachers", gettext_lazy("Teachers")),
    ("advisory", "advisory", gettext_lazy("Advisory committee")),
]


def section_url(program: ProgramOfStudy, name: str) -> str:
    return reverse(f"programs:program-{name}", kwargs={"public_id": program.public_id})
