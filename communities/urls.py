from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.community_list, name="list"),
    path("new/", views.community_create, name="create"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.community_detail, name="detail"),
    path("<slug:slug>/edit/", views.community_edit, name="edit"),
    path("<slug:slug>/partners/", views.partners, name="partners"),
    path("<slug:slug>/partners/<int:pk>/remove/", views.partner_remove, name="partner_remove"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/invite/", views.invite, name="invite"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/members/<int:pk>/facilitator/", views.member_handover, name="member_handover"),
    path("<slug:slug>/join/", views.join, name="join"),
    path(
        "<slug:slug>/requests/<int:pk>/approve/",
        views.join_decide,
        {"decision": "approve"},
        name="join_approve",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/decline/",
        views.join_decide,
        {"decision": "decline"},
        name="join_decline",
    ),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/learning-goal/", views.learning_goal, name="learning_goal"),
    path("<slug:slug>/temple/", views.building_blocks, name="building_blocks"),
    path("<slug:slug>/plan/", views.plan, name="plan"),
    path("<slug:slug>/schedule/", views.schedule, name="schedule"),
    path("<slug:slug>/sprints/new/", views.sprint_create, name="sprint_create"),
    path("<slug:slug>/sprints/<int:number>/edit/", views.sprint_edit, name="sprint_edit"),
    path("<slug:slug>/timeline/", views.timeline, name="timeline"),
    path("<slug:slug>/standups/new/", views.standup_create, name="standup_create"),
    path("<slug:slug>/standups/<int:pk>/", views.standup_detail, name="standup_detail"),
    path("<slug:slug>/standups/<int:pk>/answer/", views.standup_answer, name="standup_answer"),
    path("<slug:slug>/standups/<int:pk>/park/", views.standup_park, name="standup_park"),
    path("<slug:slug>/standups/<int:pk>/report/", views.standup_report, name="standup_report"),
    path("<slug:slug>/standups/<int:pk>/close/", views.standup_close, name="standup_close"),
    path("<slug:slug>/instruments/", views.instrument_use, name="instrument_use"),
]
