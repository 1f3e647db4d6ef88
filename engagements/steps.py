"""The five steps of an SPCP engagement as staff see them on the overview page.

Step names and descriptions follow CRS's brochure (``shared/GLOSSARY.md``). Whether a step is
complete is read off its records, so it can never disagree with them."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext


@dataclass
class Check:
    """One thing a step needs, whether it is done, and where to do it."""

    label: str
    done: bool
    url: str


@dataclass
class Step:
    """A step of the program with its checks; complete when every check is done."""

    number: int
    name: str
    description: str
    url: str
    summary: list[str]
    checks: list[Check] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(check.done for check in self.checks)

    @property
    def next_check(self) -> Check | None:
        return next((check for check in self.checks if not check.done), None)


#: The step of the program each kind of record belongs to (0: the engagement itself).
STEP_OF_MODEL = {
    "engagement": 0,
    "stakeholdergroup": 1,
    "planninggroupmember": 1,
    "planningmeeting": 1,
    "logisticstask": 1,
    "facilitator": 2,
    "trainingsession": 2,
    "trainingattendance": 2,
    "participant": 3,
    "breakoutgroup": 3,
    "breakoutgroupparticipant": 3,
    "strength": 3,
    "issue": 3,
    "solution": 3,
    "actionplan": 4,
    "planitem": 4,
    "planitemissue": 4,
    "planitemsolution": 4,
    "councilmember": 5,
    "councilmeeting": 5,
    "councilmeetingattendance": 5,
    "progressupdate": 5,
    # Sign-in links are for facilitators (step 2) and council members (step 5): the
    # engagement's own.
    "signinlink": 0,
}


def step_of_model(model_name: str) -> int:
    """The step (0–5) that records of ``model_name`` (lower case, e.g. "planitem") belong to.
    Raises ``KeyError`` for a model that is not part of an engagement."""
    return STEP_OF_MODEL[model_name]


STEP_NAMES = {
    1: _("Convene a diverse, local planning group"),
    2: _("Train local facilitators"),
    3: _("Facilitate the SPCP process"),
    4: _("Draft an SPCP action plan"),
    5: _("Identify and convene an SPCP council"),
}
STEP_DESCRIPTIONS = {
    1: _(
        "CRS convenes a planning group of local law enforcement and community leaders, who "
        "do the logistics and choose the stakeholder groups to invite."
    ),
    2: _(
        "CRS trains community members to facilitate small-group discussions. Only people who "
        "completed training lead breakout groups."
    ),
    3: _(
        "In facilitated breakout sessions participants identify the issues that impede trust "
        "between law enforcement and the community, prioritise them and develop solutions."
    ),
    4: _(
        "The action plan is the roadmap of the concrete solutions developed in the breakout "
        "sessions, for the council to carry out."
    ),
    5: _(
        "The SPCP council acts in an advisory capacity and works with law enforcement "
        "leaders to carry out the action plan."
    ),
}


#: The step navigation of every engagement page: (step, label, URL name). Step 0 is the
#: overview.
STEP_NAV = [
    (0, _("Overview"), "engagements:engagement_detail"),
    (1, _("Step 1: Planning group"), "engagements:planning"),
    (2, _("Step 2: Facilitator training"), "engagements:training"),
    (3, _("Step 3: Program day"), "engagements:program_day"),
    (4, _("Step 4: Action plan"), "engagements:action_plan"),
    (5, _("Step 5: Council"), "engagements:council"),
]


def facilitators_label(n_without: int) -> str:
    """The step-3 check on facilitators, saying how many breakout groups (of either round)
    have none (``n_without``, zero or more)."""
    if not n_without:
        return _("Give every breakout group a trained facilitator")
    return ngettext(
        "Give every breakout group a trained facilitator: %(n)d group has none",
        "Give every breakout group a trained facilitator: %(n)d groups have none",
        n_without,
    ) % {"n": n_without}


def engagement_steps(engagement) -> list[Step]:
    """The five steps of ``engagement``, which must come from
    ``Engagement.objects.with_step_counts()`` (no further queries are made)."""
    e = engagement
    u = lambda name: reverse(f"engagements:{name}", args=[e.pk])  # noqa: E731
    plan = getattr(e, "action_plan", None)
    published = bool(plan and plan.is_published)
    steps = [
        Step(
            1,
            STEP_NAMES[1],
            STEP_DESCRIPTIONS[1],
            u("planning"),
            [
                ngettext("%(n)d member", "%(n)d members", e.n_members) % {"n": e.n_members},
                ngettext("%(n)d meeting", "%(n)d meetings", e.n_planning_meetings)
                % {"n": e.n_planning_meetings},
                ngettext(
                    "%(done)d of %(n)d logistics task done",
                    "%(done)d of %(n)d logistics tasks done",
                    e.n_tasks,
                )
                % {"done": e.n_tasks - e.n_open_tasks, "n": e.n_tasks},
                ngettext(
                    "%(n)d stakeholder group", "%(n)d stakeholder groups", e.n_stakeholder_groups
                )
                % {"n": e.n_stakeholder_groups},
            ],
            [
                Check(_("Add planning group members"), e.n_members > 0, u("planning")),
                Check(
                    _("Include law enforcement in the planning group"),
                    e.n_law_enforcement_members > 0,
                    u("planning"),
                ),
                Check(
                    _("Choose the stakeholder groups to invite"),
                    e.n_stakeholder_groups > 0,
                    u("planning"),
                ),
                Check(
                    _("Finish the logistics tasks"),
                    e.n_tasks > 0 and e.n_open_tasks == 0,
                    u("planning"),
                ),
            ],
        ),
        Step(
            2,
            STEP_NAMES[2],
            STEP_DESCRIPTIONS[2],
            u("training"),
            [
                ngettext("%(n)d training session", "%(n)d training sessions", e.n_training_sessions)
                % {"n": e.n_training_sessions},
                ngettext(
                    "%(done)d of %(n)d facilitator trained",
                    "%(done)d of %(n)d facilitators trained",
                    e.n_facilitators,
                )
                % {"done": e.n_trained_facilitators, "n": e.n_facilitators},
            ],
            [
                Check(_("Hold a training session"), e.n_training_sessions > 0, u("training")),
                Check(
                    _("Record who completed training"), e.n_trained_facilitators > 0, u("training")
                ),
            ],
        ),
        Step(
            3,
            STEP_NAMES[3],
            STEP_DESCRIPTIONS[3],
            u("program_day"),
            [
                ngettext("%(n)d participant", "%(n)d participants", e.n_participants)
                % {"n": e.n_participants},
                ngettext("%(n)d morning group", "%(n)d morning groups", e.n_homogeneous_groups)
                % {"n": e.n_homogeneous_groups},
                ngettext(
                    "%(n)d afternoon group", "%(n)d afternoon groups", e.n_heterogeneous_groups
                )
                % {"n": e.n_heterogeneous_groups},
                ngettext("%(n)d issue", "%(n)d issues", e.n_issues) % {"n": e.n_issues},
                ngettext("%(n)d priority issue", "%(n)d priority issues", e.n_priority_issues)
                % {"n": e.n_priority_issues},
                ngettext("%(n)d solution", "%(n)d solutions", e.n_solutions) % {"n": e.n_solutions},
            ],
            [
                Check(_("Set the program date and venue"), bool(e.program_date), u("program_day")),
                Check(
                    _("Enter the participant roster"), e.n_participants > 0, u("participant_list")
                ),
                Check(
                    facilitators_label(e.n_groups_without_facilitator),
                    e.n_homogeneous_groups > 0 and e.n_groups_without_facilitator == 0,
                    u("program_day"),
                ),
                Check(
                    _("Record the morning groups’ strengths and issues"),
                    e.n_issues > 0,
                    u("program_day"),
                ),
                Check(
                    _("Record the dot votes and choose the priority issues"),
                    e.n_priority_issues > 0,
                    u("issue_vote"),
                ),
                Check(
                    _("Form the afternoon groups"),
                    e.n_heterogeneous_groups > 0,
                    u("afternoon_groups"),
                ),
                Check(
                    _("Record the afternoon groups’ solutions"), e.n_solutions > 0, u("program_day")
                ),
            ],
        ),
        Step(
            4,
            STEP_NAMES[4],
            STEP_DESCRIPTIONS[4],
            u("action_plan"),
            [
                ngettext("%(n)d plan item", "%(n)d plan items", e.n_plan_items)
                % {"n": e.n_plan_items},
                (
                    pgettext("action plan status", "Published, version %(v)d") % {"v": plan.version}
                    if published
                    else pgettext("action plan status", "Draft")
                ),
            ],
            [
                Check(_("Draft the plan items"), e.n_plan_items > 0, u("action_plan")),
                Check(_("Publish the action plan"), published, u("action_plan")),
            ],
        ),
        Step(
            5,
            STEP_NAMES[5],
            STEP_DESCRIPTIONS[5],
            u("council"),
            [
                ngettext("%(n)d council member", "%(n)d council members", e.n_council_members)
                % {"n": e.n_council_members},
                ngettext("%(n)d meeting", "%(n)d meetings", e.n_council_meetings)
                % {"n": e.n_council_meetings},
                ngettext("%(n)d progress update", "%(n)d progress updates", e.n_progress_updates)
                % {"n": e.n_progress_updates},
            ],
            [
                Check(_("Identify the council members"), e.n_council_members > 0, u("council")),
                Check(_("Choose a chair"), e.n_council_chairs > 0, u("council")),
                Check(_("Convene the council"), e.n_council_meetings > 0, u("council")),
            ],
        ),
    ]
    return steps
