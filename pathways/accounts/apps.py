from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pathways.accounts"
    label = "accounts"
    verbose_name = "People and access"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .signals import remember_language

        user_logged_in.connect(remember_language, dispatch_uid="pathways.accounts.remember_language")
