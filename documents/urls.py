from django.urls import path

from . import act_views, order_views

app_name = "documents"

urlpatterns = [
    path("", order_views.order_list, name="order-list"),
    path("new/", order_views.order_create, name="order-create"),
    path("kinds/", order_views.order_kinds, name="order-kinds"),
    path("<int:pk>/", order_views.order_detail, name="order-detail"),
    path("<int:pk>/edit/", order_views.order_edit, name="order-edit"),
    path("<int:pk>/history/", order_views.order_history, name="order-history"),
    path("<int:pk>/appendices/", order_views.order_appendix_add, name="order-appendix-add"),
    path("appendices/<int:pk>/delete/", order_views.order_appendix_delete, name="order-appendix-delete"),
    path("<int:pk>/<slug:action>/", order_views.order_action, name="order-action"),
    path("<int:pk>.pdf", order_views.order_pdf, name="order-pdf"),
    path("acts/", act_views.act_list, name="act-list"),
    path("acts/new/", act_views.act_form, name="act-create"),
    path("acts/<int:pk>/", act_views.act_detail, name="act-detail"),
    path("acts/<int:pk>/edit/", act_views.act_form, name="act-edit"),
    path("acts/<int:pk>.pdf", act_views.act_pdf, name="act-pdf"),
    path("acts/<int:pk>/file/", act_views.act_file, name="act-file"),
]
