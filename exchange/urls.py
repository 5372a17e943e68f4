from django.urls import path

from . import views

app_name = "exchange"

# Full paths (included at the root, like valuecreation): the community pages
# extend communities/<slug>/ without communities owning them.
urlpatterns = [
    path("challenges/", views.challenge_list, name="challenge_list"),
    path("challenges/propose/", views.challenge_propose, name="challenge_propose"),
    path("challenges/new/", views.challenge_create, name="challenge_create"),
    path("challenges/<slug:slug>/", views.challenge_detail, name="challenge_detail"),
    path("challenges/<slug:slug>/edit/", views.challenge_edit, name="challenge_edit"),
    path("challenges/<slug:slug>/status/", views.challenge_status, name="challenge_status"),
    path("communities/<slug:slug>/challenges/", views.community_challenges, name="community_challenges"),
    path("communities/<slug:slug>/steps/new/", views.step_create, name="step_create"),
    path("communities/<slug:slug>/steps/<int:pk>/", views.step_detail, name="step_detail"),
    path("communities/<slug:slug>/steps/<int:pk>/edit/", views.step_edit, name="step_edit"),
    path("communities/<slug:slug>/steps/<int:pk>/delete/", views.step_delete, name="step_delete"),
]
