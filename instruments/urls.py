from django.urls import path

from . import views

app_name = "instruments"

urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("submit/", views.instrument_submit, name="submit"),
    path("mine/", views.my_instruments, name="mine"),
    path("toolbox/", views.toolbox, name="toolbox"),
    path("<slug:slug>/", views.instrument_detail, name="detail"),
    path("<slug:slug>/edit/", views.instrument_edit, name="edit"),
    path("<slug:slug>/review/", views.review_save, name="review"),
    path("<slug:slug>/experience/", views.experience_create, name="experience"),
    path("<slug:slug>/bookmark/", views.bookmark_toggle, name="bookmark"),
]
