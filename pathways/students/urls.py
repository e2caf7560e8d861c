"""Student pages, in three parts owned separately: the profiler and matches, plans (with
favourites, comparison and portfolio), and family and counselor views."""

from django.urls import include, path

app_name = "students"
urlpatterns = [
    path("", include("pathways.students.urls_profiler")),
    path("", include("pathways.students.urls_plans")),
    path("", include("pathways.students.urls_family")),
]
