from django.urls import path

from . import board_views, views

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
    # the pair's lifecycle: the board, the pairs order, cancelling, cases, incentives
    path("board/", board_views.pairs_board, name="board"),
    path("board/action/", board_views.board_action, name="board-action"),
    path("<int:pk>/cancel/", board_views.mentorship_cancel, name="cancel"),
    path("<int:pk>/out-of-order/", board_views.mentorship_out_of_order, name="out-of-order"),
    path("<int:pk>/case/", board_views.mentorship_case, name="case"),
    path("cases/", board_views.case_list, name="cases"),
    path("nominations/", board_views.nomination_list, name="nominations"),
    path("nominations/<int:pk>/delete/", board_views.nomination_delete, name="nomination-delete"),
]
