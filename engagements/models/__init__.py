"""The models of an SPCP engagement, one module per step of the program.

``engagement`` holds the engagement itself and ``history`` its audit trail; then
``planning`` (step 1), ``training`` (step 2), ``breakouts`` (step 3, the program day),
``action_plan`` (step 4) and ``council`` (step 5).
"""

from .access import SignInLink
from .action_plan import (
    ActionPlan,
    ActionPlanVersion,
    PlanItem,
    PlanItemIssue,
    PlanItemSolution,
)
from .breakouts import (
    BreakoutGroup,
    BreakoutGroupParticipant,
    Issue,
    Participant,
    Solution,
    Strength,
)
from .council import CouncilMeeting, CouncilMeetingAttendance, CouncilMember, ProgressUpdate
from .engagement import Engagement, EngagementRecord
from .history import AuditEntry
from .planning import LogisticsTask, PlanningGroupMember, PlanningMeeting, StakeholderGroup
from .submissions import FormSubmission
from .training import Facilitator, TrainingAttendance, TrainingSession

__all__ = [
    "ActionPlan",
    "ActionPlanVersion",
    "AuditEntry",
    "BreakoutGroup",
    "BreakoutGroupParticipant",
    "CouncilMeeting",
    "CouncilMeetingAttendance",
    "CouncilMember",
    "Engagement",
    "EngagementRecord",
    "Facilitator",
    "FormSubmission",
    "Issue",
    "LogisticsTask",
    "Participant",
    "PlanItem",
    "PlanItemIssue",
    "PlanItemSolution",
    "PlanningGroupMember",
    "PlanningMeeting",
    "ProgressUpdate",
    "SignInLink",
    "Solution",
    "StakeholderGroup",
    "Strength",
    "TrainingAttendance",
    "TrainingSession",
]
