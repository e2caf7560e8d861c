"""`manage.py create_api_token USERNAME [--name NAME]`: a personal API token, key printed once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.accounts import services
from pathways.accounts.models import User
from pathways.core.errors import InvalidInput


class Command(BaseCommand):
    help = (
        "Create a personal API token for USERNAME and print its key (once: only a hash is stored). "
        "The token sees exactly what that user may see."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="Command line", help="What will use the token.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user is called {options['username']!r}.")
        if not user.is_active:
            raise CommandError(f"{user.username} is not active; a token would not work.")
        try:
            token, key = services.api_token_create(acting_user=user, user=user, name=options["name"])
        except InvalidInput as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f"Token {token.name!r} for {user.username} (starts with {token.prefix}). "
            "Store the key now; it is not shown again:"
        )
        self.stdout.write(key)
