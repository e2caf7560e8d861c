from django.urls import path, re_path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("clusters/", views.cluster_list, name="cluster-list"),
    path("clusters/<slug:slug>/", views.cluster_detail, name="cluster-detail"),
    # O*NET-SOC codes look like 29-1141.00; anything else is a plain 404.
    re_path(
        r"^occupations/(?P<code>\d{2}-\d{4}\.\d{2})/$", views.occupation_detail, name="occupation-detail"
    ),
    path("search/", views.search, name="search"),
]
