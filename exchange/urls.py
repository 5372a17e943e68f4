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

# Discussions and instrument requests. Threads are addressed by id (a thread has no slug: titles repeat);
# their list and the "new thread" form sit under what they are about.
SUBJECTS = "<str:subject>/<slug:slug>"
urlpatterns += [
    path(f"threads/about/{SUBJECTS}/", views.thread_list, name="thread_list"),
    path(f"threads/about/{SUBJECTS}/new/", views.thread_create, name="thread_create"),
    path("threads/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("threads/<int:pk>/reply/", views.thread_reply, name="thread_reply"),
    path("threads/<int:pk>/answer/", views.thread_answer, name="thread_answer"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/history/", views.post_history, name="post_history"),
    path("posts/<int:pk>/review/", views.post_review, name="post_review"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/support/", views.request_support, name="request_support"),
    path("requests/<int:pk>/suggest/", views.request_suggest, name="request_suggest"),
    path("requests/<int:pk>/fulfil/", views.request_fulfil, name="request_fulfil"),
]
