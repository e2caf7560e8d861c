"""Pages of partners, opportunities, discovery and recognition (issue 5, items 1-4 open half, 6)."""

from django.urls import URLPattern, URLResolver, path

from .views import discovery, opportunities, partners, recognition

urlpatterns: list[URLPattern | URLResolver] = [
    path("wbl/", partners.home, name="home"),
    path("wbl/partners/", partners.partner_list, name="partner-list"),
    path("wbl/partners/<uuid:partner>/", partners.partner_portal, name="partner-portal"),
    path("wbl/partners/<uuid:partner>/sites/", partners.partner_locations, name="partner-locations"),
    path("wbl/partners/<uuid:partner>/ladder/", partners.partner_offers, name="partner-offers"),
    path("wbl/partners/<uuid:partner>/documents/", partners.partner_documents, name="partner-documents"),
    path("wbl/partners/<uuid:partner>/history/", partners.partner_history, name="partner-history"),
    path(
        "wbl/partners/<uuid:partner>/opportunities/new/",
        opportunities.opportunity_create,
        name="opportunity-create",
    ),
    path("wbl/documents/<uuid:document>/file/", partners.document_file, name="document-file"),
    path("wbl/opportunities/", opportunities.opportunity_list, name="opportunity-list"),
    path("wbl/approvals/", opportunities.approvals, name="approvals"),
    path("wbl/discover/", discovery.discover, name="discover"),
    path(
        "wbl/opportunities/<uuid:opportunity>/", opportunities.opportunity_detail, name="opportunity-detail"
    ),
    path(
        "wbl/opportunities/<uuid:opportunity>/edit/", opportunities.opportunity_edit, name="opportunity-edit"
    ),
    path(
        "wbl/opportunities/<uuid:opportunity>/submit/",
        opportunities.opportunity_submit,
        name="opportunity-submit",
    ),
    path(
        "wbl/opportunities/<uuid:opportunity>/review/",
        opportunities.opportunity_review,
        name="opportunity-review",
    ),
    path(
        "wbl/opportunities/<uuid:opportunity>/close/",
        opportunities.opportunity_close,
        name="opportunity-close",
    ),
    path(
        "wbl/opportunities/<uuid:opportunity>/register/", opportunities.register, name="opportunity-register"
    ),
    path("wbl/opportunities/<uuid:opportunity>/cancel/", opportunities.cancel, name="opportunity-cancel"),
    path("wbl/opportunities/<uuid:opportunity>/roster/", opportunities.roster, name="opportunity-roster"),
    path("c/<slug:slug>/partners/thanks/", recognition.partners_thanks, name="partners-thanks"),
]
