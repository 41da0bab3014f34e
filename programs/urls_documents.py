from django.urls import path

from . import order_views

app_name = "documents"

urlpatterns = [
    path("", order_views.order_list, name="order-list"),
    path("new/", order_views.order_create, name="order-create"),
    path("<int:pk>/", order_views.order_detail, name="order-detail"),
    path("<int:pk>/edit/", order_views.order_edit, name="order-edit"),
    path("<int:pk>/history/", order_views.order_history, name="order-history"),
    path("<int:pk>/<slug:action>/", order_views.order_action, name="order-action"),
    path("<int:pk>.pdf", order_views.order_pdf, name="order-pdf"),
]
