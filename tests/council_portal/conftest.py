"""An engagement whose plan is published, a council member signed in with a sign-in link,
and a second engagement with its own council."""

import pytest

from engagements import services
from engagements.models import CouncilMember, Strength
from tests.factories import (
    BreakoutGroupFactory,
    EngagementFactory,
    IssueFactory,
    ParticipantFactory,
    PlanItemFactory,
    PlanningGroupMemberFactory,
)

BASE_URL = "http://testserver"


def council_member(engagement, staff, *, name, role="member", language="en"):
    """A council member of ``engagement`` drawn from its participants, invited by ``staff``
    (a sign-in link in ``language``). Returns ``(member, link)``."""
    person = ParticipantFactory(engagement=engagement, name=name)
    member = CouncilMember.objects.create(
        engagement=engagement,
        participant=person,
        stakeholder_group=person.stakeholder_group,
        role=role,
    )
    link = services.sign_in_link_create(
        person=member, user=staff, language=language, base_url=BASE_URL
    )
    member.refresh_from_db()
    return member, link


@pytest.fixture
def published(engagement, plan, staff):
    """Erie's plan of two items (the first with its Farsi title), quoting one issue of a
    morning group, published as version 1. The group also has a strength the plan does not
    quote, and the roster and planning group have people who are not on the council."""
    group = BreakoutGroupFactory(engagement=engagement, name="Faith leaders")
    issue = IssueFactory(engagement=engagement, group=group, text="Approachability")
    Strength.objects.create(engagement=engagement, group=group, text="Unquoted strength XYZ")
    ParticipantFactory(engagement=engagement, name="Rosterperson Notoncouncil")
    PlanningGroupMemberFactory(engagement=engagement, name="Plannerperson Notoncouncil")
    first = PlanItemFactory(
        engagement=engagement,
        title="Walk-and-talk patrols",
        title_fa="گشت‌های پیاده و گفتگو",
        actions="Monthly walks",
    )
    second = PlanItemFactory(engagement=engagement, title="Youth forum", order=2)
    for item in (first, second):
        services.links_set(record=item, field_name="issues", targets=[issue], user=staff)
    services.action_plan_publish(plan=plan, user=staff, note="")
    plan.refresh_from_db()
    return {"plan": plan, "items": (first, second), "issue": issue}


@pytest.fixture
def member(engagement, staff):
    """The chair of Erie's council, signed in with a sign-in link in force."""
    return council_member(engagement, staff, name="Amina Chairwoman", role="chair")


@pytest.fixture
def member_client(client, member):
    client.force_login(member[0].user)
    return client


@pytest.fixture
def other_engagement(db):
    """Topeka, another office's engagement, with its own published plan and council."""
    from tests.factories import UserFactory, office

    central = UserFactory(username="central-staff", office=office("central"))
    topeka = EngagementFactory(
        community="Topeka", state="KS", office=office("central"), lead_staff=central
    )
    item = PlanItemFactory(engagement=topeka, title="Topeka item")
    issue = IssueFactory(engagement=topeka)
    services.links_set(record=item, field_name="issues", targets=[issue], user=central)
    services.action_plan_publish(plan=topeka.action_plan, user=central, note="")
    return topeka, central
