from django.urls import path  # noqa: F401

app_name = "labor"
urlpatterns: list = []
