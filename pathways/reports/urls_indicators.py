"""Pages of the indicators part: /reports/<consortium>/... where <consortium> is the consortium's
slug (or its public UUID). Leaders of that consortium only; everyone else gets 404."""

from django.urls import URLPattern, URLResolver, path

from .views import indicators as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("reports/<slug:consortium>/", views.home, name="home"),
    path("reports/<slug:consortium>/import/", views.import_page, name="import"),
    path("reports/<slug:consortium>/compute/", views.compute, name="compute"),
    path("reports/<slug:consortium>/runs/<uuid:run>/", views.run_progress, name="run-progress"),
    path("reports/<slug:consortium>/indicators/", views.dashboard, name="indicators"),
    path("reports/<slug:consortium>/indicators/<str:indicator>/", views.indicator_detail, name="indicator"),
    path("reports/<slug:consortium>/settings/", views.settings_page, name="settings"),
]
