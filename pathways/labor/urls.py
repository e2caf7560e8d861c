from django.urls import path

from . import views

app_name = "labor"
urlpatterns = [
    path("area/", views.area_choose, name="area-choose"),
    path("area/suggest/", views.area_suggest, name="area-suggest"),
]
