"""API: profiler."""

from ninja import Router

router = Router()
