"""No page's number of SQL queries grows with the data: the same count with the demo data
loaded once and with twice as many engagements, participants and notes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagements.demo import load_demo
from engagements.models import BreakoutGroup, Engagement
from offices.models import User

PAGES = [
    "engagement_detail",
    "engagement_update",
    "engagement_history",
    "planning",
    "training",
    "program_day",
    "participant_list",
    "afternoon_groups",
    "issue_merge",
    "issue_vote",
    "action_plan",
    "council",
    "progressupdate_create",
    "participant_create",
    "councilmember_create",
    "councilmeeting_create",
    "breakoutgroup_create",
]


def measure(client) -> dict[str, int]:
    erie = Engagement.objects.get(community="Erie")
    client.force_login(User.objects.get(username="hq"))
    urls = {"engagement_list": reverse("engagements:engagement_list")}
    urls.update({name: reverse(f"engagements:{name}", args=[erie.pk]) for name in PAGES})
    for round_ in ("homogeneous", "heterogeneous"):
        group = BreakoutGroup.objects.filter(engagement=erie, round=round_).first()
        urls[f"group_{round_}"] = group.get_absolute_url()
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client):
    load_demo(scale=1)
    once = measure(client)
    Engagement.objects.all().delete()
    load_demo(scale=2)
    twice = measure(client)
    assert twice == once
