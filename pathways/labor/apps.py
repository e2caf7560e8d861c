from django.apps import AppConfig


class LaborConfig(AppConfig):
    name = "pathways.labor"
    label = "labor"
    verbose_name = "Labor market (public data)"

    def ready(self) -> None:
        from . import importers  # noqa: F401  (registers the datasets)
