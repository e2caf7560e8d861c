"""Pages: the Interest Profiler, its results and career matches, and consent (names `profiler-*`)."""

from django.urls import path

from .views import profiler as views

urlpatterns = [
    path("profiler/", views.home, name="profiler-home"),
    path("profiler/start/", views.start, name="profiler-start"),
    path("profiler/forget/", views.forget, name="profiler-forget"),
    path("profiler/take/<uuid:take_id>/<int:position>/", views.item, name="profiler-item"),
    path("profiler/take/<uuid:take_id>/all/", views.grid, name="profiler-grid"),
    path("profiler/take/<uuid:take_id>/finish/", views.finish, name="profiler-finish"),
    path("profiler/results/<uuid:take_id>/", views.results, name="profiler-results"),
    path("profiler/matches/", views.matches_latest, name="profiler-matches-latest"),
    path("profiler/matches/<uuid:take_id>/", views.matches, name="profiler-matches"),
    path("profiler/matches/<uuid:take_id>/<str:code>/", views.match, name="profiler-match"),
    path("profiler/preferences/", views.preferences, name="profiler-preferences"),
    path("profiler/consent/<uuid:student_id>/", views.consent, name="profiler-consent"),
    path("profiler/policy/<slug:slug>/", views.policy, name="profiler-policy"),
]
