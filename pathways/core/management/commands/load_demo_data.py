from __future__ import annotations

import importlib
import importlib.util
import os
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pathways.core.demo import ordered_loaders

DEMO_ADMIN = "admin"
DEMO_PASSWORD = "pathways-demo"  # noqa: S105  (documented demo credential; refused outside DEBUG)


class Command(BaseCommand):
    help = (
        "Load the demo data: the seed consortia as written in their documents, around them synthetic "
        "districts, schools and people. Idempotent. Refuses to run unless DEBUG is on."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data is for local demos only: run with DEBUG=true.")
        for config in apps.get_app_configs():  # each app's demo.py registers its loader
            if config.name.startswith("pathways.") and importlib.util.find_spec(f"{config.name}.demo"):
                importlib.import_module(f"{config.name}.demo")
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or DEMO_PASSWORD
        with transaction.atomic():
            user_model = get_user_model()
            user, created = user_model.objects.get_or_create(
                username=DEMO_ADMIN, defaults={"is_staff": True, "is_superuser": True, "email": ""}
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            self.stdout.write(f"Demo administrator {'created' if created else 'kept'}: {DEMO_ADMIN}")
            for loader in ordered_loaders():
                self.stdout.write(f"  {loader.name} ...")
                loader.load(lambda line: self.stdout.write(f"    {line}"))
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo sign-ins are listed in README.md."))
