from django.urls import path

from . import approval_views, group_views, roadmap_views, views

app_name = "programs"

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme-list"),
    path("new/", views.ProgrammeFormView.as_view(), name="programme-create"),
    path("<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("<int:pk>/edit/", views.ProgrammeFormView.as_view(), name="programme-edit"),
    path("<int:pk>/edit/<slug:step>/", views.ProgrammeFormView.as_view(), name="programme-edit-step"),
    path("<int:pk>/history/", views.programme_history, name="programme-history"),
    path("<int:pk>.pdf", views.programme_pdf, name="programme-pdf"),
    path("municipality/", views.municipality_overview, name="municipality-overview"),
    path(
        "approval/<slug:doc_type>/<int:pk>/<slug:action>/",
        approval_views.document_action,
        name="document-action",
    ),
    path("working-group/", group_views.working_group, name="working-group"),
    path("working-group/new/", group_views.working_group_member_form, name="working-group-add"),
    path("working-group/<int:pk>/edit/", group_views.working_group_member_form, name="working-group-edit"),
    path("working-group/<int:pk>/delete/", group_views.working_group_member_delete, name="working-group-delete"),
    path("roadmaps/", roadmap_views.roadmap_list, name="roadmap-list"),
    path("roadmaps/overdue/", roadmap_views.overdue_list, name="overdue-list"),
    path("roadmaps/new/", roadmap_views.roadmap_create, name="roadmap-create"),
    path("roadmaps/<int:pk>/", roadmap_views.roadmap_detail, name="roadmap-detail"),
    path("roadmaps/<int:pk>/edit/", roadmap_views.roadmap_edit, name="roadmap-edit"),
    path("roadmaps/<int:pk>/history/", roadmap_views.roadmap_history, name="roadmap-history"),
    path("roadmaps/<int:pk>.pdf", roadmap_views.roadmap_pdf, name="roadmap-pdf"),
    path("roadmaps/<int:pk>.xlsx", roadmap_views.roadmap_xlsx, name="roadmap-xlsx"),
    path("roadmaps/<int:roadmap_pk>/sections/new/", roadmap_views.section_form, name="section-create"),
    path("sections/<int:pk>/edit/", roadmap_views.section_form, name="section-edit"),
    path("sections/<int:pk>/delete/", roadmap_views.section_delete, name="section-delete"),
    path("roadmaps/<int:roadmap_pk>/activities/new/", roadmap_views.activity_form, name="activity-create"),
    path("activities/<int:pk>/edit/", roadmap_views.activity_form, name="activity-edit"),
    path("activities/<int:pk>/delete/", roadmap_views.activity_delete, name="activity-delete"),
    path("activities/<int:pk>/report/", roadmap_views.activity_report, name="activity-report"),
    path("activities/<int:pk>/evidence/", roadmap_views.activity_evidence, name="activity-evidence"),
]
