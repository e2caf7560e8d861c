"""Programs in the Django admin, for site operators. Everyday editing happens on the staff pages,
through the services (which check tenants and write the audit log); the admin is a repair tool."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    AdvisoryCommitteeMember,
    CollegeTerms,
    Course,
    Credential,
    DualCreditCourse,
    ProgramCourse,
    ProgramCredential,
    ProgramOfStudy,
    TeacherAssignment,
    TeacherLicense,
)


class ProgramCourseInline(admin.TabularInline[ProgramCourse, ProgramOfStudy]):
    model = ProgramCourse
    fields = ["course", "level", "order", "recommended_grade", "consortium"]
    raw_id_fields = ["course"]
    extra = 0


class ProgramCredentialInline(admin.TabularInline[ProgramCredential, ProgramOfStudy]):
    model = ProgramCredential
    fields = ["credential", "level", "consortium"]
    raw_id_fields = ["credential"]
    extra = 0


@admin.register(ProgramOfStudy)
class ProgramOfStudyAdmin(admin.ModelAdmin[ProgramOfStudy]):
    list_display = ["name", "consortium", "school", "district", "cip", "delivery_mode", "status"]
    list_filter = ["consortium", "delivery_mode", "status", "nontraditional_for"]
    search_fields = ["name", "cip__code"]
    raw_id_fields = ["school", "district", "host_school", "host_partner", "cip", "subcluster"]
    filter_horizontal = ["eligible_schools"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
    inlines = [ProgramCourseInline, ProgramCredentialInline]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ["code", "title", "consortium", "credits", "is_cte"]
    list_filter = ["consortium", "is_cte"]
    search_fields = ["code", "title"]


@admin.register(DualCreditCourse)
class DualCreditCourseAdmin(admin.ModelAdmin[DualCreditCourse]):
    list_display = ["college_course_code", "college_course_title", "college", "college_credits"]
    raw_id_fields = ["program_course", "college"]


@admin.register(CollegeTerms)
class CollegeTermsAdmin(admin.ModelAdmin[CollegeTerms]):
    list_display = ["partner", "tuition_per_credit", "tuition_note"]
    raw_id_fields = ["partner"]


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin[Credential]):
    list_display = ["name", "issuer", "consortium", "ctid"]
    list_filter = ["consortium"]
    search_fields = ["name", "issuer"]


@admin.register(TeacherAssignment)
class TeacherAssignmentAdmin(admin.ModelAdmin[TeacherAssignment]):
    list_display = ["teacher", "program", "is_lead"]
    raw_id_fields = ["teacher", "program"]


@admin.register(TeacherLicense)
class TeacherLicenseAdmin(admin.ModelAdmin[TeacherLicense]):
    list_display = ["teacher", "kind", "area", "expires_on"]
    raw_id_fields = ["teacher"]


@admin.register(AdvisoryCommitteeMember)
class AdvisoryCommitteeMemberAdmin(admin.ModelAdmin[AdvisoryCommitteeMember]):
    list_display = ["person_name", "organisation", "organisation_name", "program", "consortium"]
    raw_id_fields = ["program", "organisation"]
