"""API: family."""

from ninja import Router

router = Router()
