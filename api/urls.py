from django.urls import path, re_path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.docs, name="docs"),
    path("v1/", views.index, name="index"),
    path("v1/openapi.json", views.openapi_schema, name="openapi"),
    path("v1/vocabularies/", views.vocabularies, name="vocabularies"),
    path("v1/instruments/", views.instrument_list, name="instrument_list"),
    # Any text, not only <slug:>: a malformed slug gets the API's JSON 404, not the HTML one.
    path("v1/instruments/<str:slug>/", views.instrument_detail, name="instrument_detail"),
    path(
        "v1/instruments/<str:slug>/experiences/", views.instrument_experiences, name="instrument_experiences"
    ),
    path("v1/challenges/", views.challenge_list, name="challenge_list"),
    path("v1/challenges/<str:slug>/", views.challenge_detail, name="challenge_detail"),
    path("v1/challenges/<str:slug>/steps/", views.challenge_steps, name="challenge_steps"),
    path("v1/export/catalogue.json", views.export_catalogue, name="export_catalogue"),
    path("v1/export/instruments.csv", views.export_instruments_csv, name="export_instruments_csv"),
    path("v1/export/experiences.csv", views.export_experiences_csv, name="export_experiences_csv"),
    re_path(r"^v1/(?P<rest>.*)$", views.not_found, name="not_found"),
]
