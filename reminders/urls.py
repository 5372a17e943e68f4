from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("profile/reminders/", views.preferences, name="preferences"),
    path("profile/reminders/calendar-link/", views.calendar_reset, name="calendar_reset"),
    path("profile/reminders/calendar-links/<int:pk>/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("communities/<slug:slug>/calendar-link/", views.calendar_create, name="calendar_create"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("communities/<slug:slug>/calendar.ics", views.community_calendar, name="calendar"),
    path(
        "communities/<slug:slug>/calendar/<str:token>.ics",
        views.community_calendar_private,
        name="calendar_private",
    ),
]
