from django.apps import AppConfig


class WblConfig(AppConfig):
    name = "pathways.wbl"
    label = "wbl"
    verbose_name = "Work-based learning"
