from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from .api import api

urlpatterns = [
    path("", include("pathways.catalog.urls")),
    path("", include("pathways.labor.urls")),
    path("", include("pathways.core.urls")),
    path("", include("pathways.accounts.urls")),
    path("", include("pathways.orgs.urls")),
    path("", include("pathways.consortia.urls")),
    path("", include("pathways.programs.urls")),
    path("", include("pathways.students.urls")),
    path("", include("pathways.wbl.urls")),
    path("", include("pathways.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
