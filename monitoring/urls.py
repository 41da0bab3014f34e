"""/monitoring/: questionnaires (the constructor), campaigns, results."""

from django.urls import path

from . import builder_views

app_name = "monitoring"

urlpatterns: list = [
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
