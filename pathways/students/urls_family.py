"""Family and counselor pages (URL names prefixed `family-` in the `students` namespace)."""

from django.urls import path

from .views import family as views

urlpatterns = [
    path("family/", views.family_home, name="family-home"),
    path("family/students/<uuid:public_id>/", views.family_student, name="family-student"),
    path("caseload/", views.caseload, name="family-caseload"),
    path("caseload/export.csv", views.caseload_export, name="family-caseload-export"),
    path("caseload/interests/", views.caseload_interests, name="family-interests"),
    path("caseload/students/<uuid:public_id>/", views.caseload_student, name="family-caseload-student"),
]
