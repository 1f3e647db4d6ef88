from importlib import import_module

import pytest

from tests.factories import (
    EngagementFactory,
    StakeholderGroupFactory,
    UserFactory,
    office,
)

# ``demo``: the data and users of the URL × role matrix, for tests that walk every URL.
from tests.matrix.test_url_role_matrix import demo  # noqa: F401


@pytest.fixture
def staff(db):
    """A Mid-Atlantic staff member (the office of ``engagement``)."""
    return UserFactory(username="staff", office=office("mid-atlantic"))


@pytest.fixture
def other_staff(db):
    """Staff of another office (Southwest)."""
    return UserFactory(username="other", office=office("southwest"))


@pytest.fixture
def hq_staff(db):
    return UserFactory(username="hq", office=office("headquarters"))


@pytest.fixture
def outsider(db):
    """A signed-in user who belongs to no CRS office."""
    return UserFactory(username="outsider", office=None)


@pytest.fixture
def engagement(staff):
    return EngagementFactory(community="Erie", state="PA", lead_staff=staff)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def stakeholder_groups(engagement):
    return [
        StakeholderGroupFactory(engagement=engagement, name=name, order=i)
        for i, name in enumerate(["Youth", "Faith/Clergy", "Law Enforcement"])
    ]


@pytest.fixture
def plan(engagement):
    return engagement.action_plan


@pytest.fixture(autouse=True)
def english():
    """Start every test in English: a request leaves its language active in the thread, and
    ``reverse()`` would otherwise prefix the next test's URLs with it."""
    from django.utils import translation

    with translation.override("en"):
        yield


def put_back_the_offices():
    """Write the CRS offices again with their data migration (idempotent): a transactional
    test ends by emptying every table, the offices the migrations wrote included."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    apps = MigrationLoader(connection).project_state().apps
    import_module("offices.migrations.0002_load_offices").load_offices(apps, None)


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    by_marker = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    return bool(by_marker) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def offices_present(request):
    """Every transactional test (threads, the live server of the browser tests) starts with
    the offices, whatever the transactional test before it left (pytest-django runs these
    after all others, so the other tests are not affected)."""
    if _transactional(request):
        request.getfixturevalue("transactional_db")
        put_back_the_offices()
