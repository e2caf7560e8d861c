from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("network/<uuid:consortium>/", views.network, name="network"),
    path("network/<uuid:consortium>/schools/", views.school_list, name="school-list"),
    path("network/<uuid:consortium>/schools/new/", views.school_create, name="school-create"),
    path("network/<uuid:consortium>/partners/", views.partner_list, name="partner-list"),
    path("network/<uuid:consortium>/partners/new/", views.partner_create, name="partner-create"),
    path("network/<uuid:consortium>/contacts/new/", views.contact_create, name="contact-create"),
    path("districts/<uuid:district>/", views.district_detail, name="district-detail"),
    path("schools/<uuid:school>/", views.school_detail, name="school-detail"),
    path("schools/<uuid:school>/edit/", views.school_edit, name="school-edit"),
    path("partners/<uuid:partner>/", views.partner_detail, name="partner-detail"),
    path("partners/<uuid:partner>/edit/", views.partner_edit, name="partner-edit"),
    path(
        "partners/<uuid:partner>/contacts/new/", views.partner_contact_create, name="partner-contact-create"
    ),
    path("contacts/<uuid:contact>/edit/", views.contact_edit, name="contact-edit"),
]
