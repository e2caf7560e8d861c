"""Pages of the insight part of reports: alignment, equity, CLNA, impact (leaders only), and the
public impact PDF of a public consortium."""

from django.urls import URLPattern, URLResolver, path

from .views import insights

urlpatterns: list[URLPattern | URLResolver] = [
    path("reports/<slug:slug>/alignment/", insights.alignment, name="alignment"),
    path("reports/<slug:slug>/equity/", insights.equity, name="equity"),
    path("reports/<slug:slug>/impact/", insights.impact, name="impact"),
    path("reports/<slug:slug>/impact/pdf/", insights.impact_pdf_view, name="impact-pdf"),
    path("reports/<slug:slug>/export/<str:table>.<str:fmt>", insights.export, name="insights-export"),
    path("reports/<slug:slug>/clna/", insights.clna_list, name="clna"),
    path("reports/clna/<uuid:public_id>/", insights.clna_cycle, name="clna-cycle"),
    path("reports/clna/<uuid:public_id>/refresh/", insights.clna_refresh, name="clna-refresh"),
    path(
        "reports/clna/<uuid:public_id>/consultations/",
        insights.clna_consultation_add,
        name="clna-consultation-add",
    ),
    path("reports/clna/<uuid:public_id>/findings/", insights.clna_finding_add, name="clna-finding-add"),
    path("reports/clna/<uuid:public_id>/print/", insights.clna_print, name="clna-print"),
    path("reports/clna/<uuid:public_id>/pdf/", insights.clna_pdf_view, name="clna-pdf"),
    path(
        "reports/clna/elements/<uuid:public_id>/refresh/",
        insights.clna_element_refresh,
        name="clna-element-refresh",
    ),
    path(
        "reports/clna/elements/<uuid:public_id>/summary/",
        insights.clna_element_summary,
        name="clna-element-summary",
    ),
    path(
        "reports/clna/consultations/<uuid:public_id>/delete/",
        insights.clna_consultation_delete,
        name="clna-consultation-delete",
    ),
    path(
        "reports/clna/findings/<uuid:public_id>/delete/",
        insights.clna_finding_delete,
        name="clna-finding-delete",
    ),
    path("c/<slug:slug>/impact/", insights.impact_public, name="impact-public"),
    path("c/<slug:slug>/impact.pdf", insights.impact_public_pdf, name="impact-public-pdf"),
]
