from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("roles/", views.roles, name="roles"),
    path("welcome/", views.onboarding, name="onboarding"),
]
