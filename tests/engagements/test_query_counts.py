"""No page's number of SQL queries grows with the data, and none makes more than 15: every
page of the engagement (every URL pattern answering GET) is measured with the demo data
loaded once and with twice as many engagements, participants and notes."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from engagements.demo import load_demo
from engagements.models import Engagement
from offices.models import User

MAX_QUERIES = 15


def urls(erie) -> dict[str, str]:
    """Every GET-able engagements URL, its record ids taken from ``erie``."""
    found = {}
    for pattern in get_resolver("engagements.urls").url_patterns:
        kwargs = {}
        for name in pattern.pattern.converters:
            model = "engagement" if name == "engagement_pk" else name.removesuffix("_pk")
            if model == "engagement":
                kwargs[name] = erie.pk
                continue
            model_class = apps.get_model("engagements", model)
            # Records of the engagement, or of its plan (published versions).
            field_names = {field.name for field in model_class._meta.get_fields()}
            lookup = "engagement" if "engagement" in field_names else "plan__engagement"
            kwargs[name] = model_class.objects.filter(**{lookup: erie}).first().pk
        found[pattern.name] = reverse(f"engagements:{pattern.name}", kwargs=kwargs)
    return found


def measure(client) -> dict[str, int]:
    erie = Engagement.objects.get(community="Erie")
    client.force_login(User.objects.get(username="hq"))
    counts = {}
    for name, url in urls(erie).items():
        client.get(url)  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code == 405:  # POST-only
            continue
        assert response.status_code in (200, 302), name
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client):
    load_demo(scale=1)
    once = measure(client)
    assert len(once) >= 50
    too_many = {name: n for name, n in once.items() if n > MAX_QUERIES}
    assert not too_many
    Engagement.objects.all().delete()
    load_demo(scale=2)
    twice = measure(client)
    assert twice == once
