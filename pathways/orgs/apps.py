from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "pathways.orgs"
    label = "orgs"
    verbose_name = "Consortium network"
