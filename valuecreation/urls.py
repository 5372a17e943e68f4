from django.urls import path

from . import views

app_name = "valuecreation"

urlpatterns = [
    path("communities/<slug:slug>/value/", views.dashboard, name="dashboard"),
    path("communities/<slug:slug>/value/new/", views.entry_create, name="entry_create"),
    path("communities/<slug:slug>/value/export.csv", views.export_csv, name="export_csv"),
    path("communities/<slug:slug>/value/codebook/", views.codebook_view, name="codebook"),
    path("communities/<slug:slug>/value/report/", views.report, name="report"),
    path("communities/<slug:slug>/value/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("communities/<slug:slug>/value/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("communities/<slug:slug>/value/<int:pk>/hide/", views.entry_hide, name="entry_hide"),
    path("communities/<slug:slug>/value/<int:pk>/story/", views.story, name="story"),
    path("value/network/", views.network, name="network"),
]
