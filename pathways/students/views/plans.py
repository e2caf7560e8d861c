"""Pages: plans (see students/urls.py) — favourites, the career comparison, the individual career
and academic plan (the student's editor; the read-only page with Review / Acknowledge / Comment
for counselors, guardians and other staff), its history, and the portfolio with its PDF.

Views are thin: they find the student through `selectors_plans.access_plan_student` (one 404 for
missing and not yours, and an audited read when it is someone else's record), call the services
for every write, and pick a template. Writes answer with a redirect (the page works without
JavaScript); the favourite button and the searches also answer HTMX with a fragment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pathways.accounts import policies
from pathways.accounts.models import User
from pathways.catalog import selectors as catalog_selectors
from pathways.catalog.models import CipProgram, Occupation
from pathways.core.errors import DomainError, InvalidInput, NotFound
from pathways.labor.models import WageArea
from pathways.labor.templatetags.wages import wage_label
from pathways.programs.models import Credential, ProgramCourse

from .. import selectors_plans as sel
from ..extensions import experiences_of
from ..models import Plan, PlanActivity, PlanCareer, PlanCourse, PostsecondaryStep
from ..pdf_plans import portfolio_pdf
from ..services import plans as services
from ..templatetags.student_plans import forget_favourite_sets

# --- helpers ---------------------------------------------------------------------------------


def _render(request: HttpRequest, template: str, context: dict[str, Any], fragment: str) -> HttpResponse:
    """The whole page, or only `fragment` (a partialdef) when HTMX asks for it."""
    htmx = getattr(request, "htmx", None)
    wants_fragment = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    context = {**context, "fragment": wants_fragment}
    response = render(request, f"{template}#{fragment}" if wants_fragment else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _url(name: str, *args: Any) -> str | None:
    """A URL of another part of the app, if that part has it (None otherwise)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _me(request: HttpRequest) -> User | None:
    """The signed-in user if they are a student."""
    user = request.user
    return user if user.is_authenticated and sel.is_student(user) else None


def _student(request: HttpRequest, public_id: UUID | str, *, audit: bool = True) -> User:
    try:
        return sel.access_plan_student(request.user, public_id, audit=audit)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _not_for_you(request: HttpRequest, what: str) -> HttpResponse:
    """A signed-in user who is not a student opened a student's own page: send them to the right one."""
    students = sel.guardian_students(request.user)
    if len(students) == 1:
        name = {"plan": "students:plans-student", "portfolio": "students:plans-portfolio-student"}.get(
            what, "students:plans-student"
        )
        return redirect(name, public_id=students[0].public_id)
    return render(
        request,
        "students/plans/not_a_student.html",
        {"students": students, "what": what, "caseload_url": _url("students:family-caseload")},
    )


def _area_for(request: HttpRequest) -> WageArea:
    """The student's own area for a signed-in student; else the visitor's chosen area."""
    me = _me(request)
    if me is not None:
        return sel.student_info(me).area
    return request.area.area  # type: ignore[attr-defined]  # AreaMiddleware


# --- favourites ------------------------------------------------------------------------------


def _favourite_target(request: HttpRequest, info: sel.StudentInfo) -> dict[str, Any]:
    code = (request.POST.get("occupation") or "").strip()
    program = (request.POST.get("program") or "").strip()
    if code:
        return {"occupation": sel.occupation_by_code(code)}
    if program:
        return {"program": sel.program_for_student(info, program)}
    raise InvalidInput(_("Choose one career or one program of study."), field="occupation")


@require_POST
def favourite_toggle(request: HttpRequest) -> HttpResponse:
    """Save or remove a favourite (`action` add/remove); HTMX gets the button back."""
    me = _me(request)
    if me is None:
        if not request.user.is_authenticated:
            return redirect(
                f"{reverse('accounts:login')}?next={_next(request, reverse('students:plans-favourites'))}"
            )
        raise Http404(_("Not found."))
    info = sel.student_info(me)
    action = request.POST.get("action", "add")
    message, error = "", ""
    try:
        target = _favourite_target(request, info)
        if action == "remove":
            services.favourite_remove(acting_user=me, student=me, **target)
            message = _("Removed from your favourites.")
        else:
            services.favourite_add(acting_user=me, student=me, **target)
            message = _("Saved to your favourites.")
    except NotFound as exc:  # a tampered form: the same 404 as for anything out of reach
        raise Http404(exc.message) from exc
    except DomainError as exc:
        error = exc.message
    forget_favourite_sets(request)
    if getattr(request, "htmx", None):
        context = {
            "occupation_code": request.POST.get("occupation", ""),
            "program_id": request.POST.get("program", ""),
            "fav_message": message,
            "fav_error": error,
            "next_url": _next(request, reverse("students:plans-favourites")),
            "fav_fragment": True,
        }
        # 200 even for a refusal: htmx swaps only successful answers, and the button says why.
        return render(request, "students/plans/_favourite_button.html#fav-form", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, message)
    return redirect(_next(request, reverse("students:plans-favourites")))


@login_required
@require_GET
def favourites(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if me is None:
        return _not_for_you(request, "favourites")
    info = sel.student_info(me)
    rows = sel.favourites_of(me)
    careers = [f.occupation for f in rows if f.occupation is not None]
    facts, _threshold = sel.career_facts(careers, info.area)
    return render(
        request,
        "students/plans/favourites.html",
        {
            "info": info,
            "careers": facts,
            "programs": [f.program for f in rows if f.program_id],
            "clusters": sel.clusters_for_exploring() if info.middle_school else [],
            "wage_source_label": wage_label(info.area),
            "storage_allowed": sel.storage_allowed(info),
            "plan_codes": set(
                PlanCareer.objects.filter(plan__student=me).values_list("occupation_id", flat=True)
            ),
        },
    )


# --- compare ---------------------------------------------------------------------------------


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """Two or three careers side by side (anyone may use it)."""
    codes = sel.parse_codes(request.GET.getlist("codes"))
    area = _area_for(request)
    error = ""
    comparison = None
    if len(codes) >= sel.MIN_COMPARE:
        try:
            comparison = sel.compare(codes, area)
        except DomainError as exc:
            error = exc.message
    chosen = list(Occupation.objects.filter(code__in=codes[: sel.MAX_COMPARE]).order_by("title"))
    chosen.sort(key=lambda o: codes.index(o.code))
    query = (request.GET.get("q") or "").strip()[:100]
    results = []
    if query and len(codes) < sel.MAX_COMPARE:
        results = catalog_selectors.occupations_list(area=area, q=query, limit=10).rows
    me = _me(request)
    favourite_careers = []
    if me is not None:
        favourite_careers = [f.occupation for f in sel.favourites_of(me) if f.occupation_id]
    return _render(
        request,
        "students/plans/compare.html",
        {
            "codes": codes,
            "codes_text": ",".join(codes),
            "chosen": chosen,
            "comparison": comparison,
            "error": error,
            "query": query,
            "results": results,
            "favourite_careers": favourite_careers,
            "wage_source_label": wage_label(area),
            "area": area,
            "max_compare": sel.MAX_COMPARE,
            "is_student": me is not None,
        },
        "compare-results",
    )


# --- the student's plan ----------------------------------------------------------------------


def _plan_context(request: HttpRequest, me: User, **extra: Any) -> dict[str, Any]:
    info = sel.student_info(me)
    plan = sel.plan_of(me)
    if info.consortium_id is not None and plan is not None:
        services.step_costs_ensure(consortium_id=info.consortium_id)
    view = sel.plan_view(info, plan, with_discussion=True)
    favourites = sel.favourites_of(me)
    chosen_codes = {c.code for c in view.careers}
    favourite_careers = [
        f.occupation for f in favourites if f.occupation_id and f.occupation_id not in chosen_codes
    ]
    reach = sel.reachable_programs(info)
    in_plan = {row.plan_course.program_course_id for g in view.grades for row in g.courses}
    sequence_left: list[ProgramCourse] = []
    if plan is not None and plan.program_id:
        sequence_left = [pc for pc, _g in sel.program_sequence_grades(plan.program) if pc.pk not in in_plan]  # type: ignore[arg-type]
    career_q = (request.GET.get("career_q") or "").strip()[:100]
    career_results = _career_results(career_q, info.area, chosen_codes) if career_q else []
    cip_q = (request.GET.get("cip_q") or "").strip()[:100]
    costs = sel.step_costs(info.consortium_id)
    steps = [
        {"value": value, "label": label, "cost": costs.get(value), "help": sel.STEP_HELP.get(value, "")}
        for value, label in PostsecondaryStep.choices
    ]
    context = {
        "info": info,
        "view": view,
        "plan": plan,
        "favourite_careers": favourite_careers,
        "plan_career_codes": sorted(chosen_codes),
        "reach": reach,
        "sequence_left": sequence_left,
        "catalog": sel.course_catalog(info),
        "career_q": career_q,
        "career_results": career_results,
        "cip_q": cip_q,
        "cip_results": sel.cip_search(cip_q) if cip_q else [],
        "steps": steps,
        "activity_kinds": sel.ActivityKind.CHOICES,
        "wage_source_label": wage_label(info.area),
        "submit_problems": services.plan_submit_problems(view),
        "storage_allowed": sel.storage_allowed(info),
        "max_careers": sel.MAX_CAREERS,
        "clusters": sel.clusters_for_exploring() if info.middle_school else [],
        # Middle-school mode leaves out college credit and credentials until there is something to show.
        "show_high_school": not info.middle_school or bool(view.dual_credits or view.credentials),
        "errors": {},
        "values": {},
    }
    context.update(extra)
    return context


def _career_results(query: str, area: WageArea, chosen: set[str]) -> list[Any]:
    rows = catalog_selectors.occupations_list(area=area, q=query, limit=8).rows
    return [row for row in rows if row.code not in chosen]


@login_required
@require_GET
def plan_edit(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if me is None:
        return _not_for_you(request, "plan")
    return render(request, "students/plans/plan_edit.html", _plan_context(request, me))


@login_required
@require_GET
def career_search(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if me is None:
        raise Http404(_("Not found."))
    info = sel.student_info(me)
    plan = sel.plan_of(me)
    chosen = set(plan.careers.values_list("occupation_id", flat=True)) if plan else set()
    query = (request.GET.get("career_q") or "").strip()[:100]
    return render(
        request,
        "students/plans/plan_edit.html#career-results",
        {
            "career_q": query,
            "career_results": _career_results(query, info.area, chosen) if query else [],
            "wage_source_label": wage_label(info.area),
        },
    )


@login_required
@require_GET
def cip_search(request: HttpRequest) -> HttpResponse:
    if _me(request) is None:
        raise Http404(_("Not found."))
    query = (request.GET.get("cip_q") or "").strip()[:100]
    return render(
        request,
        "students/plans/plan_edit.html#cip-results",
        {"cip_q": query, "cip_results": sel.cip_search(query)},
    )


def _plan_write(
    request: HttpRequest, section: str, write: Callable[[User, Plan], str | None]
) -> HttpResponse:
    """Run one write on the signed-in student's plan: on success a message and back to the
    section; on bad input the page again with the error on the section (nothing changed)."""
    me = _me(request)
    if me is None:
        raise Http404(_("Not found."))
    try:
        plan = services.plan_get_or_create(acting_user=me, student=me)
        done = write(me, plan)
    except NotFound as exc:  # a row out of reach (or a tampered form): the same 404 as a missing one
        raise Http404(exc.message) from exc
    except DomainError as exc:
        context = _plan_context(
            request,
            me,
            errors={section.replace("-", "_"): exc.message},
            values=request.POST.dict(),
        )
        return render(request, "students/plans/plan_edit.html", context, status=422)
    if done:
        messages.success(request, done)
    return HttpResponseRedirect(f"{reverse('students:plans-edit')}#{section}")


def _occupation(request: HttpRequest) -> Occupation:
    return sel.occupation_by_code(request.POST.get("occupation", ""))


@login_required
@require_POST
def plan_careers(request: HttpRequest) -> HttpResponse:
    def write(me: User, plan: Plan) -> str:
        occupation = _occupation(request)
        if request.POST.get("action") == "remove":
            services.plan_career_remove(acting_user=me, plan=plan, occupation=occupation)
            return _("%(title)s was removed from your plan.") % {"title": occupation.title}
        services.plan_career_add(acting_user=me, plan=plan, occupation=occupation)
        return _("%(title)s was added to your plan.") % {"title": occupation.title}

    return _plan_write(request, "careers", write)


@login_required
@require_POST
def plan_program(request: HttpRequest) -> HttpResponse:
    def write(me: User, plan: Plan) -> str:
        value = (request.POST.get("program") or "").strip()
        info = sel.student_info(me)
        program = sel.program_for_student(info, value) if value and value != "none" else None
        if not value:
            raise InvalidInput(_("Choose a program of study, or “No program for now”."), field="program")
        services.plan_program_set(acting_user=me, plan=plan, program=program)
        if program is None:
            return _("Your plan has no program of study now.")
        return _("%(name)s is your program of study. Its courses were added to your plan.") % {
            "name": program.name
        }

    return _plan_write(request, "program", write)


def _plan_course(plan: Plan, value: str | None) -> PlanCourse:
    try:
        public_id = UUID(str(value))
    except ValueError:
        raise Http404(_("Not found.")) from None
    row = plan.courses.select_related("plan__student").filter(public_id=public_id).first()
    if row is None:
        raise Http404(_("Not found."))
    return row


@login_required
@require_POST
def plan_courses(request: HttpRequest) -> HttpResponse:
    def write(me: User, plan: Plan) -> str:
        action = request.POST.get("action", "add")
        if action == "remove":
            row = _plan_course(plan, request.POST.get("item"))
            services.plan_course_remove(acting_user=me, plan_course=row)
            return _("%(title)s was removed from your plan.") % {"title": row.title}
        if action == "move":
            row = _plan_course(plan, request.POST.get("item"))
            services.plan_course_move(acting_user=me, plan_course=row, grade=request.POST.get("grade"))
            return _("%(title)s moved to grade %(grade)s.") % {"title": row.title, "grade": row.grade}
        program_course = None
        chosen = (request.POST.get("program_course") or "").strip()
        if chosen:
            try:
                program_course = (
                    ProgramCourse.objects.select_related("course")
                    .filter(public_id=UUID(chosen), program_id=plan.program_id)
                    .first()
                )
            except ValueError:
                program_course = None
            if program_course is None:
                raise InvalidInput(
                    _("This course is not part of your program of study."), field="program_course"
                )
        row = services.plan_course_add(
            acting_user=me,
            plan=plan,
            grade=request.POST.get("grade"),
            title=request.POST.get("title", ""),
            program_course=program_course,
        )
        return _("%(title)s was added to grade %(grade)s.") % {"title": row.title, "grade": row.grade}

    return _plan_write(request, "courses", write)


@login_required
@require_POST
def plan_credentials(request: HttpRequest) -> HttpResponse:
    def write(me: User, plan: Plan) -> str:
        ids = []
        for value in request.POST.getlist("credentials"):
            try:
                ids.append(UUID(value))
            except ValueError:
                raise InvalidInput(_("Choose credentials from the list."), field="credentials") from None
        chosen = list(Credential.objects.filter(public_id__in=ids))
        if len(chosen) != len(set(ids)):
            raise InvalidInput(_("Choose credentials from the list."), field="credentials")
        services.plan_credentials_set(acting_user=me, plan=plan, credentials=chosen)
        return _("Your credentials were saved.")

    return _plan_write(request, "credentials", write)


@login_required
@require_POST
def plan_activities(request: HttpRequest) -> HttpResponse:
    def write(me: User, plan: Plan) -> str:
        if request.POST.get("action") == "remove":
            try:
                public_id = UUID(str(request.POST.get("item")))
            except ValueError:
                raise Http404(_("Not found.")) from None
            activity: PlanActivity | None = (
                plan.activities.select_related("plan__student").filter(public_id=public_id).first()
            )
            if activity is None:
                raise Http404(_("Not found."))
            services.plan_activity_remove(acting_user=me, activity=activity)
            return _("The experience was removed.")
        services.plan_activity_add(
            acting_user=me,
            plan=plan,
            kind=request.POST.get("kind", ""),
            description=request.POST.get("description", ""),
            grade=request.POST.get("grade") or None,
        )
        return _("The experience was added.")

    return _plan_write(request, "activities", write)


@login_required
@require_POST
def plan_next_step(request: HttpRequest) -> HttpResponse:
    def write(me: User, plan: Plan) -> str:
        code = (request.POST.get("postsecondary_program") or "").strip()
        cip = None
        if code:
            cip = CipProgram.objects.filter(code=code).first()
            if cip is None:
                raise InvalidInput(
                    _("%(code)s is not a CIP 2020 code. Search by title and pick one.") % {"code": code},
                    field="postsecondary_program",
                )
        services.plan_next_step_set(
            acting_user=me,
            plan=plan,
            step=request.POST.get("step", ""),
            postsecondary_program=cip,
            note=request.POST.get("note", ""),
            goals=request.POST.get("goals", ""),
        )
        return _("Your plans after high school were saved.")

    return _plan_write(request, "next-step", write)


@login_required
@require_POST
def plan_submit(request: HttpRequest) -> HttpResponse:
    def write(me: User, plan: Plan) -> str:
        services.plan_submit(acting_user=me, plan=plan)
        return _("Your plan was sent to your counselor. You can keep looking at it here.")

    return _plan_write(request, "submit", write)


# --- someone else's view of a student's plan -------------------------------------------------


def _student_plan_context(request: HttpRequest, student: User, **extra: Any) -> dict[str, Any]:
    info = sel.student_info(student)
    plan = sel.plan_of(student)
    view = sel.plan_view(info, plan, with_discussion=True)
    viewer = sel.viewer_of(request.user, info)
    favourites = sel.favourites_of(student)
    context = {
        "student": student,
        "info": info,
        "plan": plan,
        "view": view,
        "snapshot": sel.plan_snapshot(view) if plan is not None else None,
        "viewer": viewer,
        "favourite_careers": [f.occupation for f in favourites if f.occupation_id],
        "favourite_programs": [f.program for f in favourites if f.program_id],
        "wage_source_label": wage_label(info.area),
        "caseload_url": _url("students:family-caseload"),
        "errors": {},
        "values": {},
    }
    context.update(extra)
    return context


@login_required
@require_GET
def plan_student(request: HttpRequest, public_id: UUID) -> HttpResponse:
    student = _student(request, public_id)
    if student.pk == request.user.pk:
        return redirect("students:plans-edit")
    return render(request, "students/plans/plan_student.html", _student_plan_context(request, student))


def _student_write(
    request: HttpRequest, public_id: UUID, section: str, write: Callable[[User, Plan], str]
) -> HttpResponse:
    student = _student(request, public_id, audit=False)
    plan = sel.plan_of(student)
    if plan is None:
        raise Http404(_("Not found."))
    try:
        done = write(student, plan)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        if student.pk == request.user.pk:
            context = _plan_context(
                request, student, errors={section: exc.message}, values=request.POST.dict()
            )
            return render(request, "students/plans/plan_edit.html", context, status=422)
        context = _student_plan_context(
            request, student, errors={section: exc.message}, values=request.POST.dict()
        )
        return render(request, "students/plans/plan_student.html", context, status=422)
    messages.success(request, done)
    if student.pk == request.user.pk:
        return HttpResponseRedirect(f"{reverse('students:plans-edit')}#{section}")
    return HttpResponseRedirect(f"{reverse('students:plans-student', args=[student.public_id])}#{section}")


@login_required
@require_POST
def plan_review(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def write(student: User, plan: Plan) -> str:
        decision = request.POST.get("decision", "")
        services.plan_review(
            acting_user=request.user, plan=plan, decision=decision, note=request.POST.get("note", "")
        )
        if decision == "approve":
            return _("You approved the plan. %(name)s and their family can see it.") % {
                "name": student.display_name
            }
        return _("You asked for changes. %(name)s will see your note.") % {"name": student.display_name}

    return _student_write(request, public_id, "review", write)


@login_required
@require_POST
def plan_acknowledge(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def write(student: User, plan: Plan) -> str:
        services.plan_acknowledge(acting_user=request.user, plan=plan)
        return _("Thank you. You acknowledged version %(n)s of the plan.") % {"n": plan.version}

    return _student_write(request, public_id, "acknowledge", write)


@login_required
@require_POST
def plan_comment(request: HttpRequest, public_id: UUID) -> HttpResponse:
    def write(student: User, plan: Plan) -> str:
        services.plan_comment_add(acting_user=request.user, plan=plan, text=request.POST.get("text", ""))
        return _("Your comment was added.")

    return _student_write(request, public_id, "comments", write)


# --- history ---------------------------------------------------------------------------------


@login_required
@require_GET
def plan_history_own(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if me is None:
        return _not_for_you(request, "plan")
    return redirect("students:plans-history", public_id=me.public_id)


@login_required
@require_GET
def plan_history(request: HttpRequest, public_id: UUID) -> HttpResponse:
    student = _student(request, public_id)
    plan = sel.plan_of(student)
    return render(
        request,
        "students/plans/plan_history.html",
        {
            "student": student,
            "plan": plan,
            "versions": list(sel.plan_versions(plan)) if plan is not None else [],
            "is_self": student.pk == request.user.pk,
        },
    )


@login_required
@require_GET
def plan_version(request: HttpRequest, public_id: UUID, version_id: UUID) -> HttpResponse:
    student = _student(request, public_id)
    plan = sel.plan_of(student)
    if plan is None:
        raise Http404(_("Not found."))
    try:
        version = sel.access_plan_version(plan, version_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "students/plans/plan_version.html",
        {
            "student": student,
            "plan": plan,
            "version": version,
            "snapshot": version.snapshot,
            "is_self": student.pk == request.user.pk,
        },
    )


# --- portfolio -------------------------------------------------------------------------------


def _portfolio_context(student: User) -> dict[str, Any]:
    info = sel.student_info(student)
    plan = sel.plan_of(student)
    view = sel.plan_view(info, plan)
    favourites = sel.favourites_of(student)
    return {
        "student": student,
        "info": info,
        "plan": plan,
        "view": view,
        "snapshot": sel.plan_snapshot(view) if plan is not None else None,
        "interests": sel.latest_interests(student),
        "careers": sel.portfolio_careers(view, favourites),
        "programs": [f.program for f in favourites if f.program_id][:3],
        "wage_source_label": wage_label(info.area),
        # Completed work-based learning and other experiences that later apps record.
        "experiences": experiences_of(student),
    }


@login_required
@require_GET
def portfolio(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if me is None:
        return _not_for_you(request, "portfolio")
    context = _portfolio_context(me)
    context["profiler_url"] = _url("students:profiler-start") or _url("students:profiler-home")
    context["is_self"] = True
    return render(request, "students/plans/portfolio.html", context)


@login_required
@require_GET
def portfolio_student(request: HttpRequest, public_id: UUID) -> HttpResponse:
    student = _student(request, public_id)
    if student.pk == request.user.pk:
        return redirect("students:plans-portfolio")
    context = _portfolio_context(student)
    context["is_self"] = False
    return render(request, "students/plans/portfolio.html", context)


def _pdf_response(student: User) -> HttpResponse:
    context = _portfolio_context(student)
    response = HttpResponse(portfolio_pdf(context), content_type="application/pdf")
    filename = f"portfolio-{slugify(student.display_name) or 'student'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def portfolio_pdf_own(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if me is None:
        return _not_for_you(request, "portfolio")
    return _pdf_response(me)


@login_required
@require_GET
def portfolio_pdf_student(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _pdf_response(_student(request, public_id))


# --- step costs (consortium leaders) ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def step_costs(request: HttpRequest) -> HttpResponse:
    """The cost in time and money of each step after high school, per consortium (its leaders)."""
    leader_of = sorted(policies.scope_of(request.user).leader_of)
    if not leader_of:
        raise Http404(_("Not found."))
    consortium_id = leader_of[0]
    chosen = request.GET.get("consortium") or request.POST.get("consortium")
    from pathways.orgs.models import Consortium

    consortia = list(Consortium.objects.filter(pk__in=leader_of).order_by("name"))
    if chosen:
        match = next((c for c in consortia if str(c.public_id) == chosen), None)
        if match is None:
            raise Http404(_("Not found."))
        consortium_id = match.pk
    error, error_step = "", ""
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            services.step_cost_set(
                acting_user=request.user,
                consortium_id=consortium_id,
                step=step,
                years=request.POST.get("years"),
                annual_cost=request.POST.get("annual_cost"),
                earns_while_learning=request.POST.get("earns_while_learning") == "on",
                source=request.POST.get("source", ""),
            )
        except DomainError as exc:
            error, error_step = exc.message, step
        else:
            messages.success(request, _("Saved."))
            consortium = next(c for c in consortia if c.pk == consortium_id)
            return redirect(f"{reverse('students:plans-step-costs')}?consortium={consortium.public_id}")
    costs = services.step_costs_ensure(consortium_id=consortium_id)
    rows = [{"value": v, "label": label, "cost": costs.get(v)} for v, label in PostsecondaryStep.choices]
    return render(
        request,
        "students/plans/step_costs.html",
        {
            "rows": rows,
            "consortia": consortia,
            "consortium": next(c for c in consortia if c.pk == consortium_id),
            "error": error,
            "error_step": error_step,
            "values": request.POST.dict() if error else {},
        },
        status=422 if error else 200,
    )
