"""Load the demo: staff users and two sample engagements modelled on the SPCP pilots, written
through the services like any other change (``data.py`` holds the records).

``load_demo`` creates:

* three CRS staff users, all with the password ``spcp-demo-2018``: ``demo`` (Dana Reyes,
  Mid-Atlantic office, lead of the Erie engagement), ``hq`` (headquarters) and ``central``
  (Central office, lead of the Topeka engagement);
* a complete engagement for Erie, PA, modelled on the real program day of 21 April 2018 (see
  ``shared/DOMAIN.md``): planning group, meetings, logistics and Erie's seven stakeholder
  groups (step 1); facilitators and their training (step 2); about 79 participants, morning
  and afternoon breakout groups with strengths, merged and dot-voted issues, Erie's eight
  priorities and their solutions (step 3); a published action plan (step 4); and a council of
  18 with its meetings and progress updates (step 5);
* an engagement for Topeka, KS, started after a (fictional) critical incident, that has only
  finished step 1;
* two invited people, accounts without an office with the same password, each with a sign-in
  link made by ``sign_in_link_create`` as staff would: ``facilitator`` (Erie's first
  facilitator, who leads the Faith/Clergy morning group and co-leads afternoon group 1) and
  ``council`` (the chair of Erie's council). Erie's breakout rounds stay open, so the
  facilitator can write notes.

Every person, venue and note is fictional. With ``scale`` N it creates N Erie-like and N
Topeka-like engagements ("Erie", "Erie (copy 2)", ...), and multiplies the participants and
breakout notes inside each Erie-like one by N; tests use this to check that page query counts
do not grow with the data. Randomness comes from ``random.Random(2018)``, so the output is
deterministic.

Loading is idempotent: an engagement whose community and state already exist is left alone,
and existing users are not changed (their passwords are never reset).
"""

import datetime
import random
from collections import Counter

from django.db import transaction

from offices.models import Office, User

from .. import services
from ..models import (
    ActionPlan,
    BreakoutGroup,
    CouncilMeeting,
    CouncilMember,
    Engagement,
    Facilitator,
    Issue,
    LogisticsTask,
    Participant,
    PlanItem,
    PlanningGroupMember,
    PlanningMeeting,
    ProgressUpdate,
    SignInLink,
    Solution,
    StakeholderGroup,
    Strength,
    TrainingAttendance,
    TrainingSession,
)
from ..services.breakouts import spread_facilitators
from .data import (
    DEMO_COUNCIL,
    DEMO_FACILITATOR,
    DEMO_PASSWORD,
    DEMO_USERS,
    ERIE_AGENCIES,
    ERIE_CANONICAL_ISSUES,
    ERIE_COUNCIL_MEETINGS,
    ERIE_COUNCIL_PARTICIPANTS,
    ERIE_COUNCIL_PLANNING,
    ERIE_COUNCIL_START,
    ERIE_FACILITATORS,
    ERIE_GROUP_ISSUES,
    ERIE_GROUPS,
    ERIE_LANGUAGES,
    ERIE_NOT_COMPLETED,
    ERIE_PLAN_INTRODUCTION,
    ERIE_PLAN_ITEMS,
    ERIE_PLANNING_MEETINGS,
    ERIE_PLANNING_MEMBERS,
    ERIE_PROGRAM_DATE,
    ERIE_PROGRESS,
    ERIE_SOLUTIONS,
    ERIE_STRENGTHS,
    ERIE_TASKS,
    ERIE_TRAINING,
    ERIE_VENUE,
    FIRST_NAMES,
    SECTOR_TO_GROUP,
    SEED,
    SURNAMES,
    TOPEKA_AGENCIES,
    TOPEKA_GROUPS,
    TOPEKA_INCIDENT,
    TOPEKA_PLANNING_MEETINGS,
    TOPEKA_PLANNING_MEMBERS,
    TOPEKA_TASKS,
    TOPEKA_VENUE,
    TRAINER,
)

# The keys of the dict ``load_demo`` returns, in the order of the five steps.
COUNT_KEYS = {
    User: "users",
    Engagement: "engagements",
    StakeholderGroup: "stakeholder_groups",
    PlanningGroupMember: "planning_members",
    PlanningMeeting: "planning_meetings",
    LogisticsTask: "logistics_tasks",
    Facilitator: "facilitators",
    TrainingSession: "training_sessions",
    TrainingAttendance: "training_attendances",
    Participant: "participants",
    BreakoutGroup: "breakout_groups",
    Strength: "strengths",
    Issue: "issues",
    Solution: "solutions",
    ActionPlan: "action_plans",
    PlanItem: "plan_items",
    CouncilMember: "council_members",
    CouncilMeeting: "council_meetings",
    ProgressUpdate: "progress_updates",
    SignInLink: "sign_in_links",
}


def _community(base: str, copy: int) -> str:
    return base if copy == 1 else f"{base} (copy {copy})"


def _suffix(text: str, rep: int) -> str:
    """The note text for the ``rep``-th repetition at scale > 1."""
    return text if rep == 1 else f"{text} (set {rep})"


#: Erie's plan in Farsi (version 2 of the demo plan): the introduction and three titles.
ERIE_PLAN_INTRODUCTION_FA = (
    "این برنامه در روز برنامه با شرکت ساکنان، رهبران دینی، جوانان و پلیس اری تهیه شد. "
    "شورای مشارکت پلیس و جامعه اجرای آن را پیگیری می‌کند."
)
ERIE_PLAN_TITLES_FA = ("گشت‌های پیاده و گفت‌وگو", "انجمن مشترک جوانان و پلیس", "آموزش پلیس")


class _Loader:
    def __init__(self, counts: Counter):
        self.counts = counts
        self.author = None  # recorded in the change history as the one who made the records

    def new(self, model, links=None, **fields):
        """Create a record of ``model`` through ``services.record_create``, as the author."""
        obj = services.record_create(record=model(**fields), user=self.author, links=links)
        self.counts[COUNT_KEYS[model]] += 1
        return obj

    # -- users ------------------------------------------------------------------------

    def users(self) -> dict[str, User]:
        offices = {o.code: o for o in Office.objects.filter(code__in=[u[3] for u in DEMO_USERS])}
        users = {}
        for username, first, last, office_code in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username,
                    password=DEMO_PASSWORD,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.org",
                    office=offices[office_code],
                )
                self.counts["users"] += 1
            elif user.office_id is None:
                # The demo's records are written as these staff users; an account of that
                # name without an office is given the demo office (its password is kept).
                user.office = offices[office_code]
                user.save(update_fields=["office"])
            users[username] = user
        return users

    def invited_user(self, username: str, name: str) -> User:
        """The account without an office that signs in as the invited person ``username``:
        made with the demo password and ``name`` (first and last), or the existing account
        of that name, left as it is."""
        user = User.objects.filter(username=username).first()
        if user is None:
            first, _space, last = name.partition(" ")
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                language="en",
            )
            self.counts["users"] += 1
        return user

    def invite(self, person) -> None:
        """Give ``person`` (a facilitator or council member linked to an account) a sign-in
        link, as staff do from step 2 or step 5: shown as a QR code, no email."""
        services.sign_in_link_create(
            person=person, user=self.author, language="en", email="", base_url=""
        )
        self.counts["sign_in_links"] += 1

    def engagement(self, **fields) -> Engagement:
        engagement = services.engagement_create(engagement=Engagement(**fields), user=self.author)
        self.counts["engagements"] += 1
        self.counts["action_plans"] += 1
        return engagement

    # -- step 1 -----------------------------------------------------------------------

    def planning(self, engagement, members, meetings, tasks, groups, email_domain):
        planning_members = []
        for i, (name, affiliation, sector, role) in enumerate(members):
            handle = name.split()[-1].lower().replace("-", "")
            planning_members.append(
                self.new(
                    PlanningGroupMember,
                    engagement=engagement,
                    name=name,
                    affiliation=affiliation,
                    sector=sector,
                    role=role,
                    email=f"{handle}@{email_domain}",
                    phone=f"(555) 010-{i + 10:04d}",
                )
            )
        for held_on, location, notes in meetings:
            self.new(
                PlanningMeeting,
                engagement=engagement,
                held_on=held_on,
                location=location,
                notes=notes,
            )
        for title, category, owner, due in tasks:
            self.new(
                LogisticsTask,
                engagement=engagement,
                title=title,
                category=category,
                owner=planning_members[owner],
                due_date=due,
                status=LogisticsTask.Status.DONE,
            )
        stakeholder_groups = [
            self.new(
                StakeholderGroup,
                engagement=engagement,
                name=name,
                description=description,
                order=order,
            )
            for order, (name, description) in enumerate(groups, start=1)
        ]
        return planning_members, stakeholder_groups

    # -- Erie -------------------------------------------------------------------------

    def erie(self, community: str, scale: int, users: dict[str, User], invited: bool = False):
        """Create a complete Erie-like engagement; with ``invited``, the demo's invited people
        (``facilitator`` and ``council``) are linked to it and get their sign-in links."""
        rng = random.Random(SEED)
        demo = users["demo"]
        self.author = demo
        engagement = self.engagement(
            community=community,
            state="PA",
            office=Office.objects.get(code="mid-atlantic"),
            lead_staff=demo,
            law_enforcement_agencies=ERIE_AGENCIES,
            origin=Engagement.Origin.PROACTIVE,
            languages=ERIE_LANGUAGES,
            opened_on=datetime.date(2017, 10, 2),
            program_date=ERIE_PROGRAM_DATE,
            program_venue=ERIE_VENUE,
            program_address="Erie, PA (demo address)",
        )

        # Step 1
        planning_members, stakeholder_list = self.planning(
            engagement,
            ERIE_PLANNING_MEMBERS,
            ERIE_PLANNING_MEETINGS,
            ERIE_TASKS,
            [(g[1], g[2]) for g in ERIE_GROUPS],
            "erie-planning.example.org",
        )
        stakeholder = {g[0]: sg for g, sg in zip(ERIE_GROUPS, stakeholder_list, strict=True)}

        # Step 2
        # The first facilitator is the demo's ``facilitator`` login: the record is made
        # already linked to that account (as for someone who serves in another engagement).
        facilitators = []
        for i, (name, affiliation, languages) in enumerate(ERIE_FACILITATORS):
            facilitators.append(
                self.new(
                    Facilitator,
                    engagement=engagement,
                    name=name,
                    affiliation=affiliation,
                    languages=languages,
                    email=f"facilitator{i + 1}@erie-demo.example.org",
                    user=self.invited_user(DEMO_FACILITATOR, name) if invited and i == 0 else None,
                )
            )
        for held_on, place, attending, notes in ERIE_TRAINING:
            session = self.new(
                TrainingSession,
                engagement=engagement,
                held_on=held_on,
                place=place,
                trainer=TRAINER,
                notes=notes,
            )
            for index in attending:
                self.new(
                    TrainingAttendance,
                    engagement=engagement,
                    session=session,
                    facilitator=facilitators[index],
                    completed=index not in ERIE_NOT_COMPLETED,
                )
        trained = [f for i, f in enumerate(facilitators) if i not in ERIE_NOT_COMPLETED]

        # Step 3: participants, with unique synthetic names.
        total = sum(g[4] for g in ERIE_GROUPS) * scale
        pool = [f"{first} {last}" for last in SURNAMES for first in FIRST_NAMES]
        rng.shuffle(pool)
        names = pool[:total] + [
            f"{pool[i % len(pool)]} {i // len(pool) + 1}" for i in range(len(pool), total)
        ]
        names_iter = iter(names)
        participants = {}
        for key, _name, _desc, _sector, count, languages in ERIE_GROUPS:
            participants[key] = [
                self.new(
                    Participant,
                    engagement=engagement,
                    name=next(names_iter),
                    stakeholder_group=stakeholder[key],
                    preferred_language=rng.choice(languages),
                )
                for _ in range(count * scale)
            ]

        # Morning: one homogeneous group per stakeholder group, the trained facilitators
        # dealt as ``morning_groups_create`` deals them (one each, then a second).
        morning = {}
        leads = spread_facilitators(len(ERIE_GROUPS), trained)
        for i, (key, name, *_rest) in enumerate(ERIE_GROUPS):
            group = self.new(
                BreakoutGroup,
                engagement=engagement,
                round=BreakoutGroup.Round.HOMOGENEOUS,
                name=name,
                stakeholder_group=stakeholder[key],
                facilitator=leads[i][0],
                second_facilitator=leads[i][1] if len(leads[i]) > 1 else None,
                co_facilitator=demo if key == "law_enforcement" else None,
                room=f"Room {101 + i}",
                links={"participants": participants[key]},
            )
            morning[key] = group
            for rep in range(1, scale + 1):
                for text in ERIE_STRENGTHS[key]:
                    self.new(Strength, engagement=engagement, group=group, text=_suffix(text, rep))

        # Issues: the canonical ones first (created by the group that owns them), then
        # the overlapping ones, merged into them.
        canonical_info = {c[0]: c for c in ERIE_CANONICAL_ISSUES}
        canonical = {}
        for key, *_rest in ERIE_GROUPS:
            for canon_key, text in ERIE_GROUP_ISSUES[key]:
                if text is None:
                    _k, canon_text, votes, priority = canonical_info[canon_key]
                    canonical[canon_key] = self.new(
                        Issue,
                        engagement=engagement,
                        group=morning[key],
                        text=canon_text,
                        dot_votes=votes * scale,
                        is_priority=priority,
                    )
        for rep in range(1, scale + 1):
            for key, *_rest in ERIE_GROUPS:
                for canon_key, text in ERIE_GROUP_ISSUES[key]:
                    if text is None and rep == 1:
                        continue  # the canonical issue itself
                    self.new(
                        Issue,
                        engagement=engagement,
                        group=morning[key],
                        text=_suffix(text or canonical_info[canon_key][1], rep),
                        merged_into=canonical[canon_key],
                    )

        # Afternoon: mixed groups, each with at least one member of every stakeholder
        # group and a distinct trained facilitator.
        n_groups = min(8, len(trained))
        shuffled = []
        for key, *_rest in ERIE_GROUPS:
            members = list(participants[key])
            rng.shuffle(members)
            shuffled.extend(members)
        assert all(len(p) >= n_groups for p in participants.values())
        facilitator_order = list(trained)
        rng.shuffle(facilitator_order)
        # The first facilitator (the demo's ``facilitator``) leads no afternoon group but
        # co-leads the first one, when there are more trained facilitators than groups.
        first = facilitators[0]
        if first in facilitator_order[:n_groups] and len(trained) > n_groups:
            facilitator_order.remove(first)
            facilitator_order.append(first)
        afternoon = []
        for i in range(n_groups):
            group = self.new(
                BreakoutGroup,
                engagement=engagement,
                round=BreakoutGroup.Round.HETEROGENEOUS,
                number=i + 1,  # named "Afternoon group <n>" in each reader's language
                facilitator=facilitator_order[i],
                second_facilitator=(
                    first if i == 0 and first in facilitator_order[n_groups:] else None
                ),
                room=f"Room {101 + i}",
                # Dealing the participants, sorted by stakeholder group, round-robin keeps
                # the sizes within one of each other and spreads every stakeholder group.
                links={"participants": shuffled[i::n_groups]},
            )
            afternoon.append(group)

        priorities = [c[0] for c in ERIE_CANONICAL_ISSUES if c[3]]
        solutions = {key: [] for key in priorities}
        for rep in range(1, scale + 1):
            for p, key in enumerate(priorities):
                for s, (text, actions) in enumerate(ERIE_SOLUTIONS[key]):
                    group = afternoon[(p + 4 * s + rep - 1) % n_groups]
                    solutions[key].append(
                        self.new(
                            Solution,
                            engagement=engagement,
                            group=group,
                            issue=canonical[key],
                            text=_suffix(text, rep),
                            actions=actions,
                        )
                    )

        # Step 4: the action plan, one item per priority issue, then publish it.
        plan = engagement.action_plan
        plan.introduction = ERIE_PLAN_INTRODUCTION
        services.action_plan_update(plan=plan, user=demo)
        items = {}
        for order, key in enumerate(priorities, start=1):
            title, actions, responsible, target, measure = ERIE_PLAN_ITEMS[key]
            item = self.new(
                PlanItem,
                engagement=engagement,
                order=order,
                title=title,
                actions=actions,
                responsible_party=responsible,
                target_date=target,
                progress_measure=measure,
                links={"issues": [canonical[key]], "solutions": solutions[key]},
            )
            items[key] = item
        services.action_plan_publish(plan=plan, user=demo)
        # A revision: the plan in Farsi (its introduction and the first items' titles),
        # published as version 2 with a note.
        services.action_plan_revise(plan=plan, user=demo)
        first_items = [items[key] for key in priorities[:3]]
        services.action_plan_translate(
            plan=plan,
            user=demo,
            language="fa",
            texts={
                ("plan", plan.pk, "introduction"): ERIE_PLAN_INTRODUCTION_FA,
                **{
                    ("item", item.pk, "title"): title
                    for item, title in zip(first_items, ERIE_PLAN_TITLES_FA, strict=False)
                },
            },
        )
        services.action_plan_publish(
            plan=plan, user=demo, note="Introduction and the first item titles in Farsi."
        )

        # Step 5: the council.
        # The chair is the demo's ``council`` login.
        council = []
        for key, count in ERIE_COUNCIL_PARTICIPANTS.items():
            for participant in rng.sample(participants[key], count):
                is_chair = not council
                council.append(
                    self.new(
                        CouncilMember,
                        engagement=engagement,
                        participant=participant,
                        stakeholder_group=stakeholder[key],
                        joined_on=ERIE_PROGRAM_DATE,
                        role=CouncilMember.Role.CHAIR if is_chair else CouncilMember.Role.MEMBER,
                        user=(
                            self.invited_user(DEMO_COUNCIL, participant.name)
                            if invited and is_chair
                            else None
                        ),
                    )
                )
        for n, index in enumerate(ERIE_COUNCIL_PLANNING):
            member = planning_members[index]
            council.append(
                self.new(
                    CouncilMember,
                    engagement=engagement,
                    planning_member=member,
                    stakeholder_group=stakeholder[SECTOR_TO_GROUP[member.sector]],
                    joined_on=ERIE_PROGRAM_DATE,
                    role=CouncilMember.Role.VICE_CHAIR if n == 0 else CouncilMember.Role.MEMBER,
                )
            )
        chair = council[0]

        meetings = []
        for i, (location, agenda, minutes) in enumerate(ERIE_COUNCIL_MEETINGS):
            meeting = self.new(
                CouncilMeeting,
                engagement=engagement,
                held_on=ERIE_COUNCIL_START + datetime.timedelta(weeks=2 * i),
                location=location,
                agenda=agenda,
                minutes=minutes,
                links={
                    "attendees": [
                        chair,
                        *rng.sample([m for m in council if m is not chair], rng.randint(11, 16)),
                    ]
                },
            )
            meetings.append(meeting)

        # Progress updates also set each item's state, so they go through the service.
        for meeting_index, key, status, note in ERIE_PROGRESS:
            meeting = meetings[meeting_index]
            services.progress_update_create(
                update=ProgressUpdate(
                    engagement=engagement,
                    plan_item=items[key],
                    meeting=meeting,
                    reported_on=meeting.held_on,
                    status=status,
                    note=note,
                ),
                user=demo,
            )
            self.counts["progress_updates"] += 1

        # The invited people's sign-in links (step 2 and step 5).
        if invited:
            self.invite(facilitators[0])
            self.invite(chair)

    # -- Topeka -----------------------------------------------------------------------

    def topeka(self, community: str, users: dict[str, User]):
        self.author = users["central"]
        engagement = self.engagement(
            community=community,
            state="KS",
            office=Office.objects.get(code="central"),
            lead_staff=users["central"],
            law_enforcement_agencies=TOPEKA_AGENCIES,
            origin=Engagement.Origin.CRITICAL_INCIDENT,
            incident_date=datetime.date(2017, 3, 1),
            incident_description=TOPEKA_INCIDENT,
            languages=["en", "es"],
            opened_on=datetime.date(2017, 4, 3),
            program_date=datetime.date(2018, 2, 3),
            program_venue=TOPEKA_VENUE,
            program_address="Topeka, KS (demo address)",
        )
        self.planning(
            engagement,
            TOPEKA_PLANNING_MEMBERS,
            TOPEKA_PLANNING_MEETINGS,
            TOPEKA_TASKS,
            TOPEKA_GROUPS,
            "topeka-planning.example.org",
        )


def load_demo(*, scale: int = 1, stdout=None) -> dict:
    """Create the demo users and engagements; return how many of each record were created.

    Creates the staff users ``demo``, ``hq`` and ``central`` (password ``spcp-demo-2018``), a
    complete Erie, PA engagement (all five steps, action plan published), a Topeka, KS
    engagement that has only finished step 1, and the invited people ``facilitator`` and
    ``council`` (same password, no office), linked to Erie with a sign-in link each. With
    ``scale`` N: N of each ("Erie", "Erie (copy 2)", ...), each Erie-like one with N times the
    participants and breakout notes (the invited people are linked to the first Erie only).

    Idempotent: users that exist are left alone (passwords are not reset) and an engagement
    whose community and state exist is skipped, so running it again creates nothing. Runs in
    one transaction. ``stdout``, if given, receives a one-line summary.
    """
    if not isinstance(scale, int) or scale < 1:
        raise ValueError("scale must be a whole number of at least 1")
    counts = Counter()
    loader = _Loader(counts)
    with transaction.atomic():
        users = loader.users()
        for copy in range(1, scale + 1):
            community = _community("Erie", copy)
            if not Engagement.objects.filter(community=community, state="PA").exists():
                loader.erie(community, scale, users, invited=copy == 1)
        for copy in range(1, scale + 1):
            community = _community("Topeka", copy)
            if not Engagement.objects.filter(community=community, state="KS").exists():
                loader.topeka(community, users)
    result = {key: counts[key] for key in COUNT_KEYS.values()}
    if stdout is not None:
        created = [f"{n} {key.replace('_', ' ')}" for key, n in result.items() if n]
        if created:
            stdout.write("Demo data created: " + ", ".join(created) + ".\n")
        else:
            stdout.write("Demo data already loaded: nothing created.\n")
    return result
