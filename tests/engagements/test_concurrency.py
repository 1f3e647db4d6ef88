"""Many people on one engagement at once: parallel submissions of the same action give one
result and never a server error. Runs on PostgreSQL (row locks) and, in ``make test``'s second
pass, on SQLite (writers queue for the database lock, ``transaction_mode = IMMEDIATE``)."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from engagements.models import AuditEntry, BreakoutGroup, PlanningMeeting
from tests.factories import (
    EngagementFactory,
    IssueFactory,
    ParticipantFactory,
    PlanItemFactory,
    StakeholderGroupFactory,
    UserFactory,
    office,
)

#: Threads need committed data; ``serialized_rollback`` puts back the offices the migrations
#: created after the flush that ends each test.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.both_databases,
]

PARALLEL = 5


def in_parallel(staff, method: str, url: str, data: dict | None = None) -> list:
    """Send the same request from ``PARALLEL`` threads at once, each with its own client and
    database connection, signed in as ``staff``; return the status codes (or the exception
    a thread's request raised, which would have been a 500)."""
    clients = []
    for _ in range(PARALLEL):
        client = Client()
        client.force_login(staff)
        clients.append(client)
    start = threading.Barrier(PARALLEL)
    results = [None] * PARALLEL

    def run(index):
        try:
            start.wait()
            response = getattr(clients[index], method)(url, data or {})
            results[index] = response.status_code
        except Exception as error:  # noqa: BLE001 - reported as the thread's result
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def lead():
    return UserFactory(username="lead", office=office("mid-atlantic"))


@pytest.fixture
def erie(lead):
    return EngagementFactory(community="Erie", state="PA", lead_staff=lead)


def test_parallel_morning_group_creation_creates_each_group_once(lead, erie):
    """Guards the row lock of group creation: five staff pressing "Create the morning
    groups" at once get one group per stakeholder group, one audit entry, no error."""
    for name in ("Youth", "Faith/Clergy", "Law Enforcement"):
        group = StakeholderGroupFactory(engagement=erie, name=name)
        ParticipantFactory.create_batch(2, engagement=erie, stakeholder_group=group)
    url = reverse("engagements:morning_groups_create", args=[erie.pk])
    results = in_parallel(lead, "post", url)
    assert results == [302] * PARALLEL, results
    assert BreakoutGroup.objects.filter(engagement=erie).count() == 3
    assert AuditEntry.objects.filter(action=AuditEntry.Action.MORNING_GROUPS).count() == 1


def test_parallel_publish_publishes_once(lead, erie):
    """Guards the row lock of publication: five publishes at once publish version 1 once;
    the others are told the plan is already published."""
    item = PlanItemFactory(engagement=erie)
    item.issues.add(
        IssueFactory(engagement=erie, is_priority=True), through_defaults={"engagement": erie}
    )
    url = reverse("engagements:action_plan_publish", args=[erie.pk])
    results = in_parallel(lead, "post", url)
    assert results == [302] * PARALLEL, results
    erie.action_plan.refresh_from_db()
    assert erie.action_plan.version == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PUBLISHED).count() == 1


def test_parallel_submissions_of_one_form_store_once(lead, erie):
    """Guards the one-time token against racing submissions of one rendered form: the
    unique token lets one of five parallel posts store the meeting."""
    url = reverse("engagements:planningmeeting_create", args=[erie.pk])
    page = Client()
    page.force_login(lead)
    token = re.search(r'name="form_token" value="([^"]+)"', page.get(url).content.decode())[1]
    data = {"held_on": "2026-03-01", "location": "Library", "notes": "", "form_token": token}
    results = in_parallel(lead, "post", url, data)
    assert results == [302] * PARALLEL, results
    assert PlanningMeeting.objects.filter(engagement=erie).count() == 1
