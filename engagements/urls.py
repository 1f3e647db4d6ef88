"""The engagement pages, step by step. Every URL below the list starts with the
engagement (``<engagement_pk>``); a record inside it is named ``<model name>_pk``, which the
URL × role matrix test (``tests/matrix/``) resolves for every pattern."""

from django.urls import path

from .views import access, action_plan, breakouts, council, engagement, live, planning, training

app_name = "engagements"

E = "engagements/<int:engagement_pk>/"

urlpatterns = [
    path("", engagement.engagement_list, name="engagement_list"),
    path("engagements/new/", engagement.engagement_create, name="engagement_create"),
    path(E, engagement.engagement_detail, name="engagement_detail"),
    path(E + "edit/", engagement.engagement_update, name="engagement_update"),
    path(E + "history/", engagement.engagement_history, name="engagement_history"),
    # Step 1: planning group
    path(E + "planning/", planning.planning, name="planning"),
    path(
        E + "stakeholder-groups/new/",
        planning.stakeholdergroup_create,
        name="stakeholdergroup_create",
    ),
    path(
        E + "stakeholder-groups/<int:stakeholdergroup_pk>/edit/",
        planning.stakeholdergroup_update,
        name="stakeholdergroup_update",
    ),
    path(
        E + "stakeholder-groups/<int:stakeholdergroup_pk>/delete/",
        planning.stakeholdergroup_delete,
        name="stakeholdergroup_delete",
    ),
    path(
        E + "stakeholder-groups/<int:stakeholdergroup_pk>/move/",
        planning.stakeholdergroup_move,
        name="stakeholdergroup_move",
    ),
    path(
        E + "planning-group/new/",
        planning.planninggroupmember_create,
        name="planninggroupmember_create",
    ),
    path(
        E + "planning-group/<int:planninggroupmember_pk>/edit/",
        planning.planninggroupmember_update,
        name="planninggroupmember_update",
    ),
    path(
        E + "planning-group/<int:planninggroupmember_pk>/delete/",
        planning.planninggroupmember_delete,
        name="planninggroupmember_delete",
    ),
    path(
        E + "planning-meetings/new/",
        planning.planningmeeting_create,
        name="planningmeeting_create",
    ),
    path(
        E + "planning-meetings/<int:planningmeeting_pk>/edit/",
        planning.planningmeeting_update,
        name="planningmeeting_update",
    ),
    path(
        E + "planning-meetings/<int:planningmeeting_pk>/delete/",
        planning.planningmeeting_delete,
        name="planningmeeting_delete",
    ),
    path(E + "tasks/new/", planning.logisticstask_create, name="logisticstask_create"),
    path(
        E + "tasks/<int:logisticstask_pk>/edit/",
        planning.logisticstask_update,
        name="logisticstask_update",
    ),
    path(
        E + "tasks/<int:logisticstask_pk>/delete/",
        planning.logisticstask_delete,
        name="logisticstask_delete",
    ),
    # Step 2: facilitator training
    path(E + "training/", training.training, name="training"),
    path(E + "facilitators/new/", training.facilitator_create, name="facilitator_create"),
    path(
        E + "facilitators/<int:facilitator_pk>/edit/",
        training.facilitator_update,
        name="facilitator_update",
    ),
    path(
        E + "facilitators/<int:facilitator_pk>/delete/",
        training.facilitator_delete,
        name="facilitator_delete",
    ),
    path(
        E + "facilitators/<int:facilitator_pk>/invite/",
        access.facilitator_invite,
        name="facilitator_invite",
    ),
    path(
        E + "training/sessions/new/",
        training.trainingsession_create,
        name="trainingsession_create",
    ),
    path(
        E + "training/sessions/<int:trainingsession_pk>/edit/",
        training.trainingsession_update,
        name="trainingsession_update",
    ),
    path(
        E + "training/sessions/<int:trainingsession_pk>/delete/",
        training.trainingsession_delete,
        name="trainingsession_delete",
    ),
    path(
        E + "training/sessions/<int:trainingsession_pk>/attendance/",
        training.trainingsession_attendance,
        name="trainingsession_attendance",
    ),
    # Step 3: program day
    path(E + "program-day/", breakouts.program_day, name="program_day"),
    path(E + "program-day/edit/", breakouts.program_day_update, name="program_day_update"),
    path(E + "program-day/notes.json", live.program_day_notes, name="program_day_notes"),
    # Closing a round: one fixed pattern each (the URL × role matrix builds URLs from *_pk).
    path(
        E + "program-day/morning/close/",
        live.breakout_round_close,
        {"round": "homogeneous", "close": True},
        name="morning_round_close",
    ),
    path(
        E + "program-day/morning/reopen/",
        live.breakout_round_close,
        {"round": "homogeneous", "close": False},
        name="morning_round_reopen",
    ),
    path(
        E + "program-day/afternoon/close/",
        live.breakout_round_close,
        {"round": "heterogeneous", "close": True},
        name="afternoon_round_close",
    ),
    path(
        E + "program-day/afternoon/reopen/",
        live.breakout_round_close,
        {"round": "heterogeneous", "close": False},
        name="afternoon_round_reopen",
    ),
    path(E + "participants/", breakouts.participant_list, name="participant_list"),
    path(E + "participants/new/", breakouts.participant_create, name="participant_create"),
    path(E + "participants/import/", breakouts.participant_import, name="participant_import"),
    path(
        E + "participants/import/preview/",
        breakouts.participant_import_preview,
        name="participant_import_preview",
    ),
    path(
        E + "participants/<int:participant_pk>/edit/",
        breakouts.participant_update,
        name="participant_update",
    ),
    path(
        E + "participants/<int:participant_pk>/delete/",
        breakouts.participant_delete,
        name="participant_delete",
    ),
    path(
        E + "breakouts/morning/create/",
        breakouts.morning_groups_create,
        name="morning_groups_create",
    ),
    path(E + "breakouts/afternoon/", breakouts.afternoon_groups, name="afternoon_groups"),
    path(E + "breakouts/new/", breakouts.breakoutgroup_create, name="breakoutgroup_create"),
    path(
        E + "breakouts/<int:breakoutgroup_pk>/",
        breakouts.breakoutgroup_detail,
        name="breakoutgroup_detail",
    ),
    path(
        E + "breakouts/<int:breakoutgroup_pk>/edit/",
        breakouts.breakoutgroup_update,
        name="breakoutgroup_update",
    ),
    path(
        E + "breakouts/<int:breakoutgroup_pk>/delete/",
        breakouts.breakoutgroup_delete,
        name="breakoutgroup_delete",
    ),
    path(
        E + "strengths/<int:strength_pk>/edit/",
        breakouts.strength_update,
        name="strength_update",
    ),
    path(
        E + "strengths/<int:strength_pk>/delete/",
        breakouts.strength_delete,
        name="strength_delete",
    ),
    path(E + "issues/<int:issue_pk>/edit/", breakouts.issue_update, name="issue_update"),
    path(E + "issues/<int:issue_pk>/delete/", breakouts.issue_delete, name="issue_delete"),
    path(E + "issues/merge/", breakouts.issue_merge, name="issue_merge"),
    path(E + "issues/<int:issue_pk>/unmerge/", breakouts.issue_unmerge, name="issue_unmerge"),
    path(E + "issues/votes/", breakouts.issue_vote, name="issue_vote"),
    path(
        E + "solutions/<int:solution_pk>/edit/",
        breakouts.solution_update,
        name="solution_update",
    ),
    path(
        E + "solutions/<int:solution_pk>/delete/",
        breakouts.solution_delete,
        name="solution_delete",
    ),
    # Step 4: action plan
    path(E + "action-plan/", action_plan.action_plan, name="action_plan"),
    path(E + "action-plan/edit/", action_plan.action_plan_update, name="action_plan_update"),
    path(E + "action-plan/publish/", action_plan.action_plan_publish, name="action_plan_publish"),
    path(E + "action-plan/revise/", action_plan.action_plan_revise, name="action_plan_revise"),
    path(E + "action-plan/pdf/", action_plan.action_plan_pdf, name="action_plan_pdf"),
    path(
        E + "action-plan/versions/<int:actionplanversion_pk>/",
        action_plan.actionplanversion_detail,
        name="actionplanversion_detail",
    ),
    path(
        E + "action-plan/versions/<int:actionplanversion_pk>/pdf/",
        action_plan.actionplanversion_pdf,
        name="actionplanversion_pdf",
    ),
    path(E + "action-plan/compare/", action_plan.action_plan_compare, name="action_plan_compare"),
    path(
        E + "action-plan/translate/",
        action_plan.action_plan_translate,
        name="action_plan_translate",
    ),
    path(
        E + "action-plan/items.csv",
        action_plan.action_plan_export,
        {"file_format": "csv"},
        name="action_plan_export_csv",
    ),
    path(
        E + "action-plan/items.xlsx",
        action_plan.action_plan_export,
        {"file_format": "xlsx"},
        name="action_plan_export_xlsx",
    ),
    path(E + "action-plan/items/new/", action_plan.planitem_create, name="planitem_create"),
    path(
        E + "action-plan/items/<int:planitem_pk>/edit/",
        action_plan.planitem_update,
        name="planitem_update",
    ),
    path(
        E + "action-plan/items/<int:planitem_pk>/delete/",
        action_plan.planitem_delete,
        name="planitem_delete",
    ),
    path(
        E + "action-plan/items/<int:planitem_pk>/move/",
        action_plan.planitem_move,
        name="planitem_move",
    ),
    # Step 5: council
    path(E + "council/", council.council, name="council"),
    path(E + "council/members/new/", council.councilmember_create, name="councilmember_create"),
    path(
        E + "council/members/<int:councilmember_pk>/edit/",
        council.councilmember_update,
        name="councilmember_update",
    ),
    path(
        E + "council/members/<int:councilmember_pk>/delete/",
        council.councilmember_delete,
        name="councilmember_delete",
    ),
    path(
        E + "council/members/<int:councilmember_pk>/invite/",
        access.councilmember_invite,
        name="councilmember_invite",
    ),
    path(E + "council/meetings/new/", council.councilmeeting_create, name="councilmeeting_create"),
    path(
        E + "council/meetings/<int:councilmeeting_pk>/edit/",
        council.councilmeeting_update,
        name="councilmeeting_update",
    ),
    path(
        E + "council/meetings/<int:councilmeeting_pk>/delete/",
        council.councilmeeting_delete,
        name="councilmeeting_delete",
    ),
    path(
        E + "council/progress/new/",
        council.progressupdate_create,
        name="progressupdate_create",
    ),
    path(
        E + "council/progress/<int:progressupdate_pk>/hide/",
        council.progressupdate_hide,
        name="progressupdate_hide",
    ),
    # Sign-in links of facilitators (step 2) and council members (step 5)
    path(
        E + "sign-in-links/<int:signinlink_pk>/",
        access.signinlink_detail,
        name="signinlink_detail",
    ),
    path(
        E + "sign-in-links/<int:signinlink_pk>/send/",
        access.signinlink_send,
        name="signinlink_send",
    ),
    path(
        E + "sign-in-links/<int:signinlink_pk>/revoke/",
        access.signinlink_revoke,
        name="signinlink_revoke",
    ),
]
