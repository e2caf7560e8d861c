from django.apps import AppConfig


class ConsortiaConfig(AppConfig):
    name = "pathways.consortia"
    label = "consortia"
    verbose_name = "Governance"
