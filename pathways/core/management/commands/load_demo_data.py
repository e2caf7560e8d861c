from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_ADMIN = "admin"
DEMO_PASSWORD = "pathways-demo"  # noqa: S105  (documented demo credential; refused outside DEBUG)


class Command(BaseCommand):
    help = "Load the synthetic demo data (a demo administrator for now). Refuses to run unless DEBUG is on."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data is for local demos only: run with DEBUG=true.")
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or DEMO_PASSWORD
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=DEMO_ADMIN, defaults={"is_staff": True, "is_superuser": True, "email": ""}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        verb = "created" if created else "kept"
        self.stdout.write(
            f"Demo administrator {verb}: {DEMO_ADMIN} (password as in README, or DEMO_ADMIN_PASSWORD)"
        )
