from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("programs/", views.program_list, name="program-list"),
    path("programs/finder/", views.finder, name="finder"),
    path("programs/new/", views.program_create, name="program-create"),
    path("programs/<uuid:public_id>/", views.program_detail, name="program-detail"),
    path("programs/<uuid:public_id>/edit/", views.program_edit, name="program-edit"),
    path("programs/<uuid:public_id>/sequence/", views.program_sequence, name="program-sequence"),
    path("programs/<uuid:public_id>/dual-credit/", views.program_dual_credit, name="program-dual-credit"),
    path("programs/<uuid:public_id>/credentials/", views.program_credentials, name="program-credentials"),
    path("programs/<uuid:public_id>/teachers/", views.program_teachers, name="program-teachers"),
    path("programs/<uuid:public_id>/advisory/", views.program_advisory, name="program-advisory"),
]
