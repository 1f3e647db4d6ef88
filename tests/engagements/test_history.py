"""The "Recent changes" page: whole sentences, link changes, filters by step and person,
pagination, and a number of queries that does not grow with the history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements import services
from engagements.models import BreakoutGroup, PlanningGroupMember, StakeholderGroup
from tests.factories import ParticipantFactory, UserFactory, office


def history(client, engagement, **params):
    return client.get(reverse("engagements:engagement_history", args=[engagement.pk]), params)


def add_members(engagement, user, n):
    for i in range(n):
        services.record_create(
            record=PlanningGroupMember(
                engagement=engagement, name=f"Member {i}", affiliation="Library", sector="other"
            ),
            user=user,
        )


@pytest.mark.django_db
def test_rows_are_whole_sentences_with_who(staff_client, staff, engagement):
    staff.first_name, staff.last_name = "Dana", "Reyes"
    staff.save()
    services.record_create(record=StakeholderGroup(engagement=engagement, name="Youth"), user=staff)
    content = history(staff_client, engagement).content.decode()
    assert "Added the stakeholder group “\u2068Youth\u2069”." in content
    assert "Dana Reyes" in content


@pytest.mark.django_db
def test_link_changes_are_shown(staff_client, staff, engagement, stakeholder_groups):
    youth = stakeholder_groups[0]
    ana = ParticipantFactory(engagement=engagement, stakeholder_group=youth, name="Ana Ruiz")
    group = services.record_create(
        record=BreakoutGroup(
            engagement=engagement, round="homogeneous", name="Youth", stakeholder_group=youth
        ),
        user=staff,
    )
    services.record_update(record=group, user=staff, links={"participants": [ana]})
    content = history(staff_client, engagement).content.decode()
    assert "Changed the breakout group “\u2068Youth\u2069”." in content
    assert "participants: 1 record linked" in content
    assert "unlinked" not in content


@pytest.mark.django_db
def test_sentences_are_in_the_readers_language(staff_client, staff, engagement):
    services.record_create(record=StakeholderGroup(engagement=engagement, name="Youth"), user=staff)
    url = "/fa" + reverse("engagements:engagement_history", args=[engagement.pk])
    content = staff_client.get(url).content.decode()
    assert "Added the stakeholder group" not in content
    assert "Youth" in content


@pytest.mark.django_db
def test_filters_by_step_and_person(staff_client, staff, engagement):
    colleague = UserFactory(office=office("mid-atlantic"), first_name="Sam", last_name="Lee")
    add_members(engagement, staff, 1)
    services.record_create(
        record=StakeholderGroup(engagement=engagement, name="Youth"), user=colleague
    )
    services.morning_groups_create(engagement=engagement, user=staff)
    by_step = history(staff_client, engagement, step=3).content.decode()
    assert "Created 1 morning group." in by_step
    assert "Member 0" not in by_step
    by_person = history(staff_client, engagement, who=colleague.pk).content.decode()
    assert "Youth" in by_person
    assert "Member 0" not in by_person
    nonsense = history(staff_client, engagement, step="x", who="y")
    assert nonsense.status_code == 200
    assert "Member 0" in nonsense.content.decode()


@pytest.mark.django_db
def test_paginated_and_bounded_queries(staff_client, staff, engagement):
    add_members(engagement, staff, 5)
    with CaptureQueriesContext(connection) as few:
        history(staff_client, engagement)
    add_members(engagement, staff, 60)
    with CaptureQueriesContext(connection) as many:
        first = history(staff_client, engagement)
    assert len(many) == len(few) <= 15
    assert "Page 1 of 2" in first.content.decode()
    second = history(staff_client, engagement, page=2).content.decode()
    assert "Member 0" in second
