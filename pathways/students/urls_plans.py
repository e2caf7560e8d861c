"""Pages of the plans part: favourites, compare, the plan (own editor; read-only with review,
acknowledge and comment for others), its history, the portfolio and its PDF, step costs."""

from django.urls import path

from .views import plans as views

urlpatterns = [
    path("favourites/", views.favourites, name="plans-favourites"),
    path("favourites/toggle/", views.favourite_toggle, name="plans-favourite-toggle"),
    path("compare/", views.compare, name="plans-compare"),
    path("plan/", views.plan_edit, name="plans-edit"),
    path("plan/careers/", views.plan_careers, name="plans-careers"),
    path("plan/careers/search/", views.career_search, name="plans-career-search"),
    path("plan/program/", views.plan_program, name="plans-program"),
    path("plan/courses/", views.plan_courses, name="plans-courses"),
    path("plan/credentials/", views.plan_credentials, name="plans-credentials"),
    path("plan/activities/", views.plan_activities, name="plans-activities"),
    path("plan/next-step/", views.plan_next_step, name="plans-next-step"),
    path("plan/cip/search/", views.cip_search, name="plans-cip-search"),
    path("plan/submit/", views.plan_submit, name="plans-submit"),
    path("plan/history/", views.plan_history_own, name="plans-history-own"),
    path("plan/step-costs/", views.step_costs, name="plans-step-costs"),
    path("plan/<uuid:public_id>/", views.plan_student, name="plans-student"),
    path("plan/<uuid:public_id>/review/", views.plan_review, name="plans-review"),
    path("plan/<uuid:public_id>/acknowledge/", views.plan_acknowledge, name="plans-acknowledge"),
    path("plan/<uuid:public_id>/comment/", views.plan_comment, name="plans-comment"),
    path("plan/<uuid:public_id>/history/", views.plan_history, name="plans-history"),
    path("plan/<uuid:public_id>/history/<uuid:version_id>/", views.plan_version, name="plans-version"),
    path("portfolio/", views.portfolio, name="plans-portfolio"),
    path("portfolio/pdf/", views.portfolio_pdf_own, name="plans-portfolio-pdf"),
    path("portfolio/<uuid:public_id>/", views.portfolio_student, name="plans-portfolio-student"),
    path("portfolio/<uuid:public_id>/pdf/", views.portfolio_pdf_student, name="plans-portfolio-student-pdf"),
]
