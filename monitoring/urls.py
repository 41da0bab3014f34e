"""/monitoring/: questionnaires (the constructor), campaigns, results."""

from django.urls import path

from . import results_views

app_name = "monitoring"

urlpatterns: list = [
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
