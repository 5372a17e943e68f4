from django.urls import path

from . import views

app_name = "discovery"

urlpatterns = [
    path("search/", views.search_view, name="search"),
    path("finder/", views.finder_view, name="finder"),
    path("routes/", views.route_list, name="route_list"),
    path("routes/new/", views.route_create, name="route_create"),
    path("routes/<slug:slug>/", views.route_detail, name="route_detail"),
    path("routes/<slug:slug>/edit/", views.route_edit, name="route_edit"),
    path("routes/<slug:slug>/delete/", views.route_delete, name="route_delete"),
    path("routes/<slug:slug>/bookmark/", views.route_bookmark, name="route_bookmark"),
]
