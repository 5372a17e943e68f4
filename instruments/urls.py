from django.urls import path

from . import views

app_name = "instruments"

urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("submit/", views.instrument_submit, name="submit"),
    path("mine/", views.my_instruments, name="mine"),
    path("toolbox/", views.toolbox, name="toolbox"),
    path("invitations/<str:token>/", views.owner_invitation, name="owner_invitation"),
    path("<slug:slug>/", views.instrument_detail, name="detail"),
    path("<slug:slug>/edit/", views.instrument_edit, name="edit"),
    path("<slug:slug>/review/", views.review_save, name="review"),
    path("<slug:slug>/review/delete/", views.review_delete, name="review_delete"),
    path("<slug:slug>/experience/", views.experience_create, name="experience"),
    path("<slug:slug>/experiences/<int:pk>/edit/", views.experience_edit, name="experience_edit"),
    path("<slug:slug>/experiences/<int:pk>/delete/", views.experience_delete, name="experience_delete"),
    path("<slug:slug>/bookmark/", views.bookmark_toggle, name="bookmark"),
    path("<slug:slug>/history/", views.instrument_history, name="history"),
    path("<slug:slug>/history/<int:pk>/revert/", views.instrument_revert, name="revert"),
    path("<slug:slug>/insights/", views.instrument_insights, name="insights"),
    path("<slug:slug>/owners/", views.instrument_owners, name="owners"),
    path("<slug:slug>/owners/<int:user_id>/remove/", views.instrument_owner_remove, name="owner_remove"),
]
