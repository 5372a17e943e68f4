from django.urls import path

from . import queue, views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/log/", views.log, name="log"),
    path("moderation/items/<int:pk>/", views.item_review, name="item"),
    path("moderation/roles/<int:pk>/", views.role_request_review, name="role_request"),
    path("moderation/accounts/<int:pk>/", views.account, name="account"),
    path("moderation/report/<str:kind>/<int:pk>/", views.report, name="report"),
    # The review pages of the apps' own workflows (submitted instruments ...), registered in their ready().
    *queue.urlpatterns(),
]
