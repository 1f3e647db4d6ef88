"""The models of an SPCP engagement, one module per step of the program.

``engagement`` holds the engagement itself; then ``planning`` (step 1), ``training``
(step 2), ``breakouts`` (step 3, the program day), ``action_plan`` (step 4) and ``council``
(step 5).
"""

from .action_plan import ActionPlan, PlanItem
from .breakouts import BreakoutGroup, Issue, Participant, Solution, Strength
from .council import CouncilMeeting, CouncilMember, ProgressUpdate
from .engagement import Engagement, EngagementRecord
from .planning import LogisticsTask, PlanningGroupMember, PlanningMeeting, StakeholderGroup
from .training import Facilitator, TrainingAttendance, TrainingSession

__all__ = [
    "ActionPlan",
    "BreakoutGroup",
    "CouncilMeeting",
    "CouncilMember",
    "Engagement",
    "EngagementRecord",
    "Facilitator",
    "Issue",
    "LogisticsTask",
    "Participant",
    "PlanItem",
    "PlanningGroupMember",
    "PlanningMeeting",
    "ProgressUpdate",
    "Solution",
    "StakeholderGroup",
    "Strength",
    "TrainingAttendance",
    "TrainingSession",
]
