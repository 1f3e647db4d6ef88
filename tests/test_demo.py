"""The demo data: idempotent, and shaped like the real Erie and Topeka engagements."""

import io

import pytest
from django.core.management import call_command

from engagements.demo import load_demo
from engagements.models import (
    ActionPlan,
    BreakoutGroup,
    CouncilMember,
    Engagement,
    Facilitator,
    Issue,
    Participant,
    SignInLink,
    Solution,
    StakeholderGroup,
    Strength,
)
from engagements.validators import validate_unattributed
from offices.models import User

ERIE_PRIORITIES = {
    "Education, cultural awareness and sensitivity",
    "Racism and stereotypes",
    "A police department representative of the community",
    "Trust",
    "Family structure and parental control",
    "Police human and material resources",
    "Approachability",
    "“Us vs. them”",
}


@pytest.fixture
def demo(db):
    return load_demo()


def test_load_demo_is_idempotent(demo):
    assert demo["engagements"] == 2
    assert demo["participants"] > 0
    users = list(User.objects.order_by("pk").values_list("username", "password"))
    again = load_demo()
    assert set(again.values()) == {0}
    assert list(User.objects.order_by("pk").values_list("username", "password")) == users
    assert Engagement.objects.count() == 2


def test_demo_users(demo):
    demo_user = User.objects.get(username="demo")
    assert demo_user.check_password("spcp-demo-2018")
    assert demo_user.get_full_name() == "Dana Reyes"
    assert demo_user.office.code == "mid-atlantic"
    assert User.objects.get(username="hq").office.is_headquarters
    assert User.objects.get(username="central").office.code == "central"


def test_existing_user_password_is_not_reset(db):
    User.objects.create_user(username="demo", password="my-own-password")
    load_demo()
    assert User.objects.get(username="demo").check_password("my-own-password")


def test_erie_engagement(demo):
    erie = Engagement.objects.get(community="Erie", state="PA")
    assert erie.office.code == "mid-atlantic"
    assert erie.lead_staff.username == "demo"
    groups = list(StakeholderGroup.objects.filter(engagement=erie))
    assert [g.name for g in groups] == [
        "Faith/Clergy",
        "Youth",
        "New Americans",
        "Law Enforcement",
        "Social Services",
        "Business/Community",
        "Civil Rights",
    ]

    issues = Issue.objects.filter(engagement=erie)
    priorities = list(issues.priorities())
    assert {issue.text for issue in priorities} == ERIE_PRIORITIES
    assert all(issue.merged_into_id is None for issue in priorities)
    assert issues.filter(merged_into__isnull=False).exists()
    assert not issues.filter(merged_into__isnull=False, dot_votes__gt=0).exists()
    lowest_priority = min(issue.dot_votes for issue in priorities)
    assert all(
        issue.dot_votes < lowest_priority for issue in issues.canonical().filter(is_priority=False)
    )

    council = CouncilMember.objects.filter(engagement=erie)
    assert council.count() == 18
    assert council.filter(role=CouncilMember.Role.CHAIR).count() == 1
    assert council.filter(role=CouncilMember.Role.VICE_CHAIR).count() == 1

    plan = ActionPlan.objects.get(engagement=erie)
    assert plan.is_published
    assert plan.version == 2
    assert list(plan.versions.values_list("number", flat=True)) == [2, 1]
    assert plan.introduction_fa and not plan.versions.get(number=1).snapshot["introduction"].get(
        "fa"
    )


def test_erie_afternoon_groups_cover_every_stakeholder_group(demo):
    erie = Engagement.objects.get(community="Erie", state="PA")
    stakeholder_ids = set(
        StakeholderGroup.objects.filter(engagement=erie).values_list("pk", flat=True)
    )
    afternoon = list(
        BreakoutGroup.objects.filter(engagement=erie, round=BreakoutGroup.Round.HETEROGENEOUS)
        .select_related("facilitator")
        .prefetch_related("participants")
    )
    assert len(afternoon) >= 7
    sizes = [len(group.participants.all()) for group in afternoon]
    assert max(sizes) - min(sizes) <= 1
    for group in afternoon:
        assert {p.stakeholder_group_id for p in group.participants.all()} == stakeholder_ids
        assert group.facilitator.attendances.filter(completed=True).exists()
    facilitators = [group.facilitator_id for group in afternoon]
    assert len(set(facilitators)) == len(facilitators)


def test_erie_notes_name_no_participant(demo):
    erie = Engagement.objects.get(community="Erie", state="PA")
    names = list(Participant.objects.filter(engagement=erie).values_list("name", flat=True))
    texts = [
        *Strength.objects.filter(engagement=erie).values_list("text", flat=True),
        *Issue.objects.filter(engagement=erie).values_list("text", flat=True),
        *Solution.objects.filter(engagement=erie).values_list("text", flat=True),
        *Solution.objects.filter(engagement=erie).values_list("actions", flat=True),
    ]
    for text in texts:
        validate_unattributed(text, names)


def test_topeka_has_only_step_one(demo):
    topeka = Engagement.objects.get(community="Topeka", state="KS")
    assert topeka.origin == Engagement.Origin.CRITICAL_INCIDENT
    assert topeka.incident_date is not None
    assert StakeholderGroup.objects.filter(engagement=topeka).exists()
    assert not topeka.logisticstask_set.exclude(status="done").exists()
    assert not Participant.objects.filter(engagement=topeka).exists()
    assert not BreakoutGroup.objects.filter(engagement=topeka).exists()
    assert not topeka.action_plan.is_published
    assert not topeka.planitem_set.exists()
    assert not CouncilMember.objects.filter(engagement=topeka).exists()


def test_scale_two_doubles_engagements_and_erie_data(db):
    counts = load_demo(scale=2)
    assert counts["engagements"] == 4
    assert Engagement.objects.filter(community="Erie (copy 2)", state="PA").exists()
    assert Engagement.objects.filter(community="Topeka (copy 2)", state="KS").exists()
    for erie in Engagement.objects.filter(state="PA"):
        assert Participant.objects.filter(engagement=erie).count() == 2 * 79
        assert Issue.objects.filter(engagement=erie, is_priority=True).count() == 8
        assert CouncilMember.objects.filter(engagement=erie).count() == 18
    assert counts["strengths"] == 2 * 2 * 21
    assert set(load_demo(scale=2).values()) == {0}


def test_load_demo_command_prints_logins(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    output = out.getvalue()
    assert "username demo, password spcp-demo-2018" in output
    assert "username hq" in output
    assert "username central" in output
    assert "username facilitator, password spcp-demo-2018" in output
    assert "username council, password spcp-demo-2018" in output
    assert "http://127.0.0.1:8000/" in output


def test_demo_facilitator_leads_a_morning_group_and_co_leads_an_afternoon_group(demo):
    """The ``facilitator`` login is an account without an office, linked to a trained Erie
    facilitator who leads one morning group and co-leads one afternoon group, with a sign-in
    link in force made by staff: so it may write notes in exactly those groups."""
    user = User.objects.get(username="facilitator")
    assert user.check_password("spcp-demo-2018")
    assert user.office is None and not user.is_crs_staff
    erie = Engagement.objects.get(community="Erie", state="PA")
    facilitator = Facilitator.objects.get(user=user)
    assert facilitator.engagement == erie
    assert Facilitator.objects.trained().filter(pk=facilitator.pk).exists()
    led = BreakoutGroup.objects.filter(facilitator=facilitator)
    co_led = BreakoutGroup.objects.filter(second_facilitator=facilitator)
    assert [g.round for g in led] == [BreakoutGroup.Round.HOMOGENEOUS]
    assert [g.round for g in co_led] == [BreakoutGroup.Round.HETEROGENEOUS]
    link = SignInLink.objects.in_force().get(user=user)
    assert link.facilitator == facilitator and link.created_by.username == "demo"
    assert erie.round_is_open(BreakoutGroup.Round.HOMOGENEOUS)
    assert erie.round_is_open(BreakoutGroup.Round.HETEROGENEOUS)
    groups = BreakoutGroup.objects.filter(engagement=erie)
    allowed = {g.pk for g in groups if user.has_perm("engagements.add_breakout_note", g)}
    assert allowed == {led.get().pk, co_led.get().pk}
    assert not user.has_perm("engagements.view_council_pages", erie)


def test_demo_council_login_is_the_chair_of_erie(demo):
    """The ``council`` login is an account without an office linked to the chair of Erie's
    council, with a sign-in link in force: it may see Erie's council pages, not Topeka's, and
    no breakout group's notes."""
    user = User.objects.get(username="council")
    assert user.check_password("spcp-demo-2018")
    assert user.office is None
    member = CouncilMember.objects.get(user=user)
    erie = Engagement.objects.get(community="Erie", state="PA")
    topeka = Engagement.objects.get(community="Topeka", state="KS")
    assert member.engagement == erie and member.role == CouncilMember.Role.CHAIR
    assert user.get_full_name() == member.name
    assert SignInLink.objects.in_force().filter(user=user, council_member=member).exists()
    assert user.has_perm("engagements.view_council_pages", erie)
    assert not user.has_perm("engagements.view_council_pages", topeka)
    assert not any(
        user.has_perm("engagements.view_group_notes", g)
        for g in BreakoutGroup.objects.filter(engagement=erie)
    )


def test_invited_logins_are_made_once(demo):
    """Loading again makes no second account or link for the invited people, and an existing
    ``facilitator`` account keeps its password."""
    assert demo["sign_in_links"] == 2
    load_demo()
    assert SignInLink.objects.count() == 2
    assert User.objects.filter(username__in=["facilitator", "council"]).count() == 2


def test_existing_invited_account_is_linked_and_kept(db):
    User.objects.create_user(username="facilitator", password="my-own-password")
    load_demo()
    user = User.objects.get(username="facilitator")
    assert user.check_password("my-own-password")
    assert Facilitator.objects.filter(user=user).exists()
