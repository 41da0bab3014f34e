from django.urls import path

from . import board_views, matching_views, meeting_views, plan_views, views

app_name = "pairing"

urlpatterns = [
    path("", views.mentorship_list, name="list"),
    path("new/", views.mentorship_form, name="create"),
    path("my/", views.my_mentorships, name="my"),
    path("pairs.xlsx", views.mentorship_export, name="export"),
    path("<int:pk>/", views.mentorship_detail, name="detail"),
    path("<int:pk>/edit/", views.mentorship_form, name="edit"),
    path("<int:pk>/close/", views.mentorship_close, name="close"),
    path("<int:pk>/history/", views.mentorship_history, name="history"),
    # individual plans (персонализированная программа наставничества, ИОМ педагога)
    path("<int:pk>/plan/new/", plan_views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", plan_views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/submit/", plan_views.plan_submit, name="plan-submit"),
    path("plans/<int:pk>/approve/", plan_views.plan_approve, name="plan-approve"),
    path("plans/<int:pk>/return/", plan_views.plan_return, name="plan-return"),
    path("plans/<int:pk>/plan.pdf", plan_views.plan_pdf, name="plan-pdf"),
    path("plans/<int:pk>/history/", plan_views.plan_history, name="plan-history"),
    # meetings, the 14-day flag, the mentor's contacts, the calendar feed (meeting_views.py)
    path("<int:pk>/meetings/new/", meeting_views.meeting_create, name="meeting-create"),
    path("<int:pk>/meetings/plan/", meeting_views.meeting_plan, name="meeting-plan"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/held/", meeting_views.meeting_held, name="meeting-held"),
    path("meetings/<int:pk>/cancel/", meeting_views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/delete/", meeting_views.meeting_delete, name="meeting-delete"),
    path("idle/", meeting_views.idle_list, name="idle"),
    path("my/contacts/", meeting_views.my_contacts, name="my-contacts"),
    path("calendar/", meeting_views.calendar_page, name="calendar"),
    path("calendar/new/", meeting_views.calendar_create, name="calendar-create"),
    path("calendar/off/", meeting_views.calendar_revoke, name="calendar-revoke"),
    path("calendar/<slug:token>.ics", meeting_views.calendar_feed, name="calendar-feed"),
    # the pair's lifecycle: the board, the pairs order, cancelling, cases, incentives
    path("board/", board_views.pairs_board, name="board"),
    path("board/action/", board_views.board_action, name="board-action"),
    path("<int:pk>/cancel/", board_views.mentorship_cancel, name="cancel"),
    path("<int:pk>/out-of-order/", board_views.mentorship_out_of_order, name="out-of-order"),
    path("<int:pk>/case/", board_views.mentorship_case, name="case"),
    path("cases/", board_views.case_list, name="cases"),
    path("nominations/", board_views.nomination_list, name="nominations"),
    path("nominations/<int:pk>/delete/", board_views.nomination_delete, name="nomination-delete"),
    # Подбор: matching, «Подобрать всем», its settings and the preferences after the general meeting
    path("matching/", matching_views.matching_home, name="matching"),
    path("matching/mentee/<int:pk>/", matching_views.candidates, name="matching-candidates"),
    path("matching/all/", matching_views.match_all, name="matching-all"),
    path("matching/settings/", matching_views.matching_settings, name="matching-settings"),
    path("matching/preferences/", matching_views.preferences, name="matching-preferences"),
    path(
        "matching/preferences/<int:pk>/delete/",
        matching_views.preference_delete,
        name="matching-preference-delete",
    ),
]
