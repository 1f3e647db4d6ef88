from django.urls import path

from . import views

app_name = "engagements"

E = "engagements/<int:pk>/"

urlpatterns = [
    path("", views.engagement_list, name="engagement_list"),
    path("engagements/new/", views.engagement_create, name="engagement_create"),
    path(E, views.engagement_detail, name="engagement_detail"),
    path(E + "edit/", views.engagement_update, name="engagement_update"),
    path(E + "history/", views.engagement_history, name="engagement_history"),
    path(E + "planning/", views.planning, name="planning"),
    path(E + "training/", views.training, name="training"),
    path(
        E + "training/sessions/<int:session_pk>/attendance/",
        views.trainingsession_attendance,
        name="trainingsession_attendance",
    ),
    path(E + "program-day/", views.program_day, name="program_day"),
    path(E + "program-day/edit/", views.program_day_update, name="program_day_update"),
    path(E + "participants/", views.participant_list, name="participant_list"),
    path(E + "participants/import/", views.participant_import, name="participant_import"),
    path(
        E + "breakouts/morning/create/", views.morning_groups_create, name="morning_groups_create"
    ),
    path(E + "breakouts/afternoon/", views.afternoon_groups, name="afternoon_groups"),
    path(E + "breakouts/<int:group_pk>/", views.breakoutgroup_detail, name="breakoutgroup_detail"),
    path(E + "issues/merge/", views.issue_merge, name="issue_merge"),
    path(E + "issues/<int:issue_pk>/unmerge/", views.issue_unmerge, name="issue_unmerge"),
    path(E + "issues/votes/", views.issue_vote, name="issue_vote"),
    path(E + "action-plan/", views.action_plan, name="action_plan"),
    path(E + "action-plan/edit/", views.action_plan_update, name="action_plan_update"),
    path(E + "action-plan/publish/", views.action_plan_publish, name="action_plan_publish"),
    path(E + "action-plan/revise/", views.action_plan_revise, name="action_plan_revise"),
    path(E + "action-plan/pdf/", views.action_plan_pdf, name="action_plan_pdf"),
    path(E + "council/", views.council, name="council"),
    path(E + "council/progress/new/", views.progress_update_create, name="progressupdate_create"),
]

for _name, (_create, _update, _delete) in views.RECORD_VIEWS.items():
    urlpatterns += [
        path(f"{E}{_name}/new/", _create, name=f"{_name}_create"),
        path(f"{E}{_name}/<int:record_pk>/edit/", _update, name=f"{_name}_update"),
        path(f"{E}{_name}/<int:record_pk>/delete/", _delete, name=f"{_name}_delete"),
    ]
