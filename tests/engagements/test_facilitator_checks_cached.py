"""``predicates.facilitator_checks_cached``: one request that checks several permissions on
one breakout group looks the facilitator's sign-in link up once; outside such a block, and
from one block to the next, a revoked link is refused at once."""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements import services
from engagements.predicates import facilitator_checks_cached, is_group_facilitator
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    """Two morning groups of one engagement, each led by its own invited facilitator:
    ``(group_a, user_a, link_a, group_b, user_b, staff)``."""
    engagement = factories.EngagementFactory()
    staff = factories.UserFactory(office=engagement.office)
    made = []
    for _ in range(2):
        group = factories.BreakoutGroupFactory(engagement=engagement)
        group.facilitator = factories.trained_facilitator(engagement)
        group.save()
        link = services.sign_in_link_create(
            person=group.facilitator, user=staff, language="en", email="", base_url=""
        )
        made.append((group, link))
    (group_a, link_a), (group_b, link_b) = made
    return group_a, link_a.user, link_a, group_b, link_b.user, staff


def link_lookups(queries) -> int:
    return sum("engagements_signinlink" in q["sql"] for q in queries)


def test_outside_a_block_a_revoked_link_is_refused_at_once(day):
    group_a, user_a, link_a, _group_b, _user_b, staff = day
    assert is_group_facilitator(user_a, group_a)
    services.sign_in_link_revoke(link=link_a, user=staff)
    assert not is_group_facilitator(user_a, group_a)


def test_inside_a_block_the_link_is_looked_up_once_per_user_and_group(day):
    group_a, user_a, _link_a, group_b, user_b, _staff = day
    with facilitator_checks_cached():
        with CaptureQueriesContext(connection) as queries:
            for _ in range(3):
                assert is_group_facilitator(user_a, group_a)
        assert link_lookups(queries.captured_queries) == 1
        # Another group, another user: answers of their own, never another's.
        assert not is_group_facilitator(user_a, group_b)
        assert not is_group_facilitator(user_b, group_a)
        assert is_group_facilitator(user_b, group_b)
        assert is_group_facilitator(user_a, group_a)


def test_the_next_block_sees_a_revocation(day):
    group_a, user_a, link_a, _group_b, _user_b, staff = day
    with facilitator_checks_cached():
        assert is_group_facilitator(user_a, group_a)
    services.sign_in_link_revoke(link=link_a, user=staff)
    with facilitator_checks_cached():
        assert not is_group_facilitator(user_a, group_a)
    assert not is_group_facilitator(user_a, group_a)


def test_a_save_through_the_note_endpoint_looks_the_link_up_once(day, client):
    """The endpoint checks view_group_notes, then the service add_breakout_note twice: one
    query for the facilitator's link, not three. The next request asks again: after a
    revocation the same session is refused (404), and nothing is stored."""
    group_a, user_a, link_a, _group_b, _user_b, staff = day
    client.force_login(user_a)
    url = reverse("facilitator_portal:notes_api", args=[group_a.pk])

    def save():
        body = {"op": "create", "kind": "strength", "client_id": str(uuid.uuid4())}
        body["text"] = "Neighbours know the beat officers by name"
        return client.post(url, json.dumps(body), content_type="application/json")

    with CaptureQueriesContext(connection) as queries:
        assert save().status_code == 201
    assert link_lookups(queries.captured_queries) == 1
    services.sign_in_link_revoke(link=link_a, user=staff)
    assert save().status_code == 404
    assert group_a.strengths.count() == 1
