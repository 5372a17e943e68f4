from django.urls import path

from . import views

app_name = "scans"

# Full paths: the scans app extends the community pages without owning their prefix.
C = "communities/<slug:slug>"

urlpatterns = [
    path(f"{C}/scans/", views.community_scans, name="community_scans"),
    path(f"{C}/scans/open/", views.round_open, name="round_open"),
    path(f"{C}/scans/rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path(f"{C}/scans/rounds/<int:pk>/answer/", views.round_answer, name="round_answer"),
    path(f"{C}/scans/rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path(f"{C}/scans/<slug:scan_slug>/results/", views.scan_results, name="scan_results"),
    path(f"{C}/scans/<slug:scan_slug>/print/", views.scan_print, name="scan_print"),
    path(f"{C}/scans/<slug:scan_slug>/export.csv", views.scan_export, name="scan_export"),
    path(f"{C}/canvases/new/", views.canvas_create, name="canvas_create"),
    path(f"{C}/canvases/<int:pk>/", views.canvas_detail, name="canvas_detail"),
    path(f"{C}/canvases/<int:pk>/edit/", views.canvas_edit, name="canvas_edit"),
    path(f"{C}/canvases/<int:pk>/versions/<int:number>/", views.canvas_version, name="canvas_version"),
    path(f"{C}/canvases/<int:pk>/print/", views.canvas_print, name="canvas_print"),
    path("scans/<slug:scan_slug>/start/", views.scan_start, name="scan_start"),
    path("canvases/<slug:canvas_slug>/start/", views.canvas_start, name="canvas_start"),
]
