from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("profile/data/", views.export, name="export"),
    path("profile/delete/", views.delete, name="delete"),
]
