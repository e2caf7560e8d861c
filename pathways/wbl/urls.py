"""Pages of the wbl app. Each part keeps its own URL list (see the modules included here)."""

from . import urls_partners, urls_rounds

app_name = "wbl"

urlpatterns = [*urls_partners.urlpatterns, *urls_rounds.urlpatterns]
