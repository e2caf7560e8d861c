from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "pathways.students"
    label = "students"
    verbose_name = "Students and plans"
