"""/monitoring/: questionnaires (the constructor), campaigns, results, the efficiency evaluation."""

from django.urls import path

from . import coordinator_views, evaluation_views, regional_views

app_name = "monitoring"

urlpatterns: list = [
    # the efficiency evaluation (9 indicators × 0–2 → level)
    path("evaluations/", evaluation_views.evaluation_list, name="evaluation-list"),
    path("evaluations/new/", evaluation_views.evaluation_create, name="evaluation-create"),
    path("evaluations/<int:pk>/", evaluation_views.evaluation_detail, name="evaluation-detail"),
    path("evaluations/<int:pk>/edit/", evaluation_views.evaluation_edit, name="evaluation-edit"),
    path("evaluations/<int:pk>/submit/", evaluation_views.evaluation_submit, name="evaluation-submit"),
    path("evaluations/<int:pk>/approve/", evaluation_views.evaluation_approve, name="evaluation-approve"),
    path("evaluations/<int:pk>/return/", evaluation_views.evaluation_return, name="evaluation-return"),
    path("evaluations/<int:pk>/report.pdf", evaluation_views.evaluation_report_pdf, name="evaluation-report"),
    # «Показатели для региона» (персонифицированный учёт)
    path("regional/", regional_views.regional, name="regional"),
    path("regional.xlsx", regional_views.regional_xlsx, name="regional-xlsx"),
    # the municipal coordinator: the municipality's organizations, aggregates only
    path("municipality/", coordinator_views.municipality, name="municipality"),
    path("municipality.xlsx", coordinator_views.municipality_xlsx, name="municipality-xlsx"),
    path("municipality/<int:pk>/", coordinator_views.organization_detail, name="municipality-organization"),
]
