from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "pathways.catalog"
    label = "catalog"
    verbose_name = "Career catalog (public data)"

    def ready(self) -> None:
        from . import importers  # noqa: F401  (registers the datasets)
