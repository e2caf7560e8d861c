"""JSON API of the wbl app (mounted under /api/v1/ by config/api.py): one router per part."""

from ninja import Router

from .api_opportunities import router as api_opportunities_router
from .api_rounds import router as api_rounds_router

router = Router()
router.add_router("", api_opportunities_router)
router.add_router("", api_rounds_router)
