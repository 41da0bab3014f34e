"""/monitoring/: questionnaires (the constructor), campaigns, results, the efficiency evaluation."""

from django.urls import path

from . import (
    builder_views,
    campaign_views,
    coordinator_views,
    evaluation_views,
    fill_views,
    regional_views,
    results_views,
    roadmap_report_views,
)

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
    path("evaluations/<int:pk>/prefill/", evaluation_views.evaluation_prefill, name="evaluation-prefill"),
    path("evaluations/<int:pk>/scores.xlsx", evaluation_views.evaluation_xlsx, name="evaluation-xlsx"),
    path("evaluations/<int:pk>/report.pdf", evaluation_views.evaluation_report_pdf, name="evaluation-report"),
    # … of a large programme, made in the background
    path("evaluations/<int:pk>/report/", evaluation_views.evaluation_report_job, name="evaluation-report-job"),
    path("evaluations/<int:pk>/report/make/", evaluation_views.evaluation_report_make, name="evaluation-report-make"),
    path(
        "evaluations/<int:pk>/report/<int:job_pk>.pdf",
        evaluation_views.evaluation_report_file,
        name="evaluation-report-file",
    ),
    # the roadmap execution report (done / overdue by stage)
    path("roadmap-report/", roadmap_report_views.roadmap_report, name="roadmap-report"),
    path("roadmap-report.xlsx", roadmap_report_views.roadmap_report_xlsx, name="roadmap-report-xlsx"),
    # «Показатели для региона» (персонифицированный учёт)
    path("regional/", regional_views.regional, name="regional"),
    path("regional.xlsx", regional_views.regional_xlsx, name="regional-xlsx"),
    # the municipal coordinator: the municipality's organizations, aggregates only
    path("municipality/", coordinator_views.municipality, name="municipality"),
    path("municipality.xlsx", coordinator_views.municipality_xlsx, name="municipality-xlsx"),
    path("municipality/<int:pk>/", coordinator_views.organization_detail, name="municipality-organization"),
    path("municipality/<int:pk>.xlsx", coordinator_views.organization_xlsx, name="municipality-organization-xlsx"),
    # Part A: the questionnaire constructor, versions, the organization's copies, the paper blank
    path("questionnaires/", builder_views.questionnaire_list, name="questionnaire-list"),
    path("questionnaires/new/", builder_views.questionnaire_create, name="questionnaire-create"),
    path("questionnaires/<int:pk>/", builder_views.questionnaire_detail, name="questionnaire-detail"),
    path("questionnaires/<int:pk>/print.pdf", builder_views.questionnaire_print, name="questionnaire-print"),
    path("questionnaires/<int:pk>/copy/", builder_views.questionnaire_copy, name="questionnaire-copy"),
    path("questionnaires/<int:pk>/edit/", builder_views.questionnaire_edit, name="questionnaire-edit"),
    path("questionnaires/<int:pk>/archive/", builder_views.questionnaire_archive, name="questionnaire-archive"),
    path("questionnaires/<int:pk>/sections/new/", builder_views.section_create, name="questionnaire-section-create"),
    path("questionnaires/sections/<int:pk>/edit/", builder_views.section_edit, name="questionnaire-section-edit"),
    path("questionnaires/sections/<int:pk>/delete/", builder_views.section_delete, name="questionnaire-section-delete"),
    path(
        "questionnaires/sections/<int:pk>/move/<str:direction>/",
        builder_views.section_move,
        name="questionnaire-section-move",
    ),
    path(
        "questionnaires/sections/<int:pk>/questions/new/",
        builder_views.question_create,
        name="questionnaire-question-create",
    ),
    path("questionnaires/questions/<int:pk>/edit/", builder_views.question_edit, name="questionnaire-question-edit"),
    path(
        "questionnaires/questions/<int:pk>/delete/",
        builder_views.question_delete,
        name="questionnaire-question-delete",
    ),
    path(
        "questionnaires/questions/<int:pk>/move/<str:direction>/",
        builder_views.question_move,
        name="questionnaire-question-move",
    ),
]

# --- campaigns: personal links by e-mail and QR slips, reminders, closing, background jobs ---

urlpatterns += [
    path("campaigns/", campaign_views.campaign_list, name="campaign-list"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/remind/", campaign_views.campaign_remind, name="campaign-remind"),
    path("campaigns/<int:pk>/slips/", campaign_views.campaign_slips, name="campaign-slips"),
    path("campaigns/<int:pk>/slips/download/", campaign_views.campaign_slips_download, name="campaign-slips-download"),
    path("campaigns/<int:pk>/resume/<slug:kind>/", campaign_views.campaign_resume, name="campaign-resume"),
    path("campaigns/<int:pk>/close/", campaign_views.campaign_close, name="campaign-close"),
    # Part D — results of a campaign, who answered what, «до/после», Excel tables (results_views.py)
    path("campaigns/<int:pk>/results/", results_views.results_page, name="campaign-results"),
    path("campaigns/<int:pk>/results.xlsx", results_views.results_xlsx, name="campaign-results-xlsx"),
    path("campaigns/<int:pk>/answers.xlsx", results_views.answers_xlsx, name="campaign-answers-xlsx"),
    path(
        "campaigns/<int:pk>/results/questions/<int:question_pk>/",
        results_views.open_answers_page,
        name="campaign-open-answers",
    ),
    path("campaigns/<int:pk>/responses/", results_views.responses_page, name="campaign-responses"),
    path("campaigns/<int:pk>/responses/<int:response_pk>/", results_views.response_page, name="campaign-response"),
    path("dynamics/", results_views.dynamics_page, name="dynamics"),
    path("dynamics.xlsx", results_views.dynamics_xlsx, name="dynamics-xlsx"),
]

# Part C (filling): «Мои анкеты» and «Попросить отзыв» about a held meeting.
urlpatterns += [
    path("my/", fill_views.my_forms, name="my-forms"),
    path("meetings/<int:pk>/feedback/", fill_views.meeting_feedback_request, name="meeting-feedback-request"),
]
