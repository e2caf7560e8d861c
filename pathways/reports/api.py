"""JSON API of the reports app (mounted under /api/v1/ by config/api.py): one router per part."""

from ninja import Router

from .api_indicators import router as api_indicators_router
from .api_insights import router as api_insights_router

router = Router()
router.add_router("", api_indicators_router)
router.add_router("", api_insights_router)
