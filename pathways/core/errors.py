"""One family of business errors, rendered one way in the API and one way in pages."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the request. `message` is safe to show to the user."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    """Missing, or not visible to the actor: the two are never told apart."""

    status_code = 404


class InvalidInput(DomainError):
    status_code = 422
