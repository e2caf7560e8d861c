"""Pages of the reports app. Each part keeps its own URL list (see the modules included here)."""

from . import urls_indicators, urls_insights

app_name = "reports"

urlpatterns = [*urls_indicators.urlpatterns, *urls_insights.urlpatterns]
