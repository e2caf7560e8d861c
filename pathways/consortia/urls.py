from django.urls import path  # noqa: F401

app_name = "consortia"
urlpatterns: list = []  # type: ignore[type-arg]
