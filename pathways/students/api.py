"""JSON API of the students app (mounted under /api/v1/ by config/api.py), in three parts."""

from ninja import Router

from .api_family import router as family_router
from .api_plans import router as plans_router
from .api_profiler import router as profiler_router

router = Router(tags=["students"])
router.add_router("", profiler_router)
router.add_router("", plans_router)
router.add_router("", family_router)
