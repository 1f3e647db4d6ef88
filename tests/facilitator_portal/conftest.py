"""Fixtures of the facilitators' pages: an Erie engagement with two morning groups and one
afternoon group, a facilitator ("Ann") who leads morning group A and co-leads the afternoon
group, another (Bob) who leads morning group B and the afternoon group, and a Topeka
engagement where Ann (same email, same account) leads a group too."""

import datetime
from dataclasses import dataclass

import pytest

from engagements import models, services
from tests import factories


def invite(person, staff, language="en"):
    """``person``'s account after staff invited them (QR only, no email); returns the link."""
    return services.sign_in_link_create(
        person=person, user=staff, language=language, email=person.email, base_url=""
    )


@dataclass
class Portal:
    erie: models.Engagement
    topeka: models.Engagement
    staff: object
    group_a: models.BreakoutGroup
    group_b: models.BreakoutGroup
    afternoon: models.BreakoutGroup
    topeka_group: models.BreakoutGroup
    topeka_other: models.BreakoutGroup
    ann: object
    bob: object
    ann_link: models.SignInLink
    priority: models.Issue
    participant: models.Participant


@pytest.fixture
def portal(db):
    staff = factories.UserFactory(office=factories.office("mid-atlantic"))
    erie = factories.EngagementFactory(
        community="Erie",
        lead_staff=staff,
        program_date=datetime.date(2025, 5, 17),
        program_venue="St. Mark’s Hall",
    )
    topeka = factories.EngagementFactory(
        community="Topeka", lead_staff=staff, program_date=datetime.date(2025, 9, 6)
    )
    ann_erie = factories.trained_facilitator(erie, name="Ann Erie", email="ann@example.org")
    bob = factories.trained_facilitator(erie, name="Bob Baker", email="bob@example.org")
    ann_topeka = factories.trained_facilitator(topeka, name="Ann Topeka", email="ann@example.org")
    youth = factories.StakeholderGroupFactory(engagement=erie, name="Youth")
    group_a = factories.BreakoutGroupFactory(
        engagement=erie,
        name="Youth A",
        stakeholder_group=youth,
        facilitator=ann_erie,
        room="Room 12",
        language="es",
    )
    group_b = factories.BreakoutGroupFactory(
        engagement=erie, name="Youth B", stakeholder_group=youth, facilitator=bob
    )
    afternoon = factories.BreakoutGroupFactory(
        engagement=erie,
        round="heterogeneous",
        name="Mixed 1",
        stakeholder_group=None,
        facilitator=bob,
        second_facilitator=ann_erie,
    )
    topeka_group = factories.BreakoutGroupFactory(
        engagement=topeka, name="Faith T", facilitator=ann_topeka
    )
    topeka_other = factories.BreakoutGroupFactory(engagement=topeka, name="Police T")
    priority = factories.IssueFactory(
        engagement=erie,
        group=group_b,
        text="Slow response times",
        is_priority=True,
        dot_votes=9,
    )
    factories.IssueFactory(engagement=erie, group=group_b, text="Not a priority")
    participant = factories.ParticipantFactory(
        engagement=erie, name="Maria Gonzalez", stakeholder_group=youth
    )
    factories.ParticipantFactory(engagement=erie, name="Samuel Okafor", stakeholder_group=youth)
    ann_link = invite(ann_erie, staff)
    invite(ann_topeka, staff)
    bob_link = invite(bob, staff)
    ann_link.refresh_from_db()
    assert ann_link.user.office is None
    return Portal(
        erie=erie,
        topeka=topeka,
        staff=staff,
        group_a=group_a,
        group_b=group_b,
        afternoon=afternoon,
        topeka_group=topeka_group,
        topeka_other=topeka_other,
        ann=ann_link.user,
        bob=bob_link.user,
        ann_link=ann_link,
        priority=priority,
        participant=participant,
    )


@pytest.fixture
def ann_client(client, portal):
    client.force_login(portal.ann)
    return client
