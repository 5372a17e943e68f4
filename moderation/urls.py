from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/log/", views.log, name="log"),
    path("moderation/instruments/<slug:slug>/", views.instrument_review, name="instrument"),
    path("moderation/revisions/<int:pk>/", views.revision_review, name="revision"),
    path("moderation/items/<int:pk>/", views.item_review, name="item"),
    path("moderation/roles/<int:pk>/", views.role_request_review, name="role_request"),
    path("moderation/accounts/<int:pk>/", views.account, name="account"),
    path("moderation/report/<str:kind>/<int:pk>/", views.report, name="report"),
]
