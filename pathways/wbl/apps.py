from django.apps import AppConfig


class WblConfig(AppConfig):
    name = "pathways.wbl"
    label = "wbl"
    verbose_name = "Work-based learning"

    def ready(self) -> None:
        from .extensions import register

        register()
