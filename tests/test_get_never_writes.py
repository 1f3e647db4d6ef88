"""GET never writes: opening any page, as any kind of visitor, changes no data.

A page that writes on GET (an action plan created by viewing it, a counter bumped) surprises
whoever only looked, and it breaks the promise that a link or a prefetching browser cannot
change a record. Only the bookkeeping of sign-in may write: the session (its expiry moves with
each request) and the sign-in throttle's tables."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.matrix.test_url_role_matrix import (
    ALLOWED_ROLES,
    NAMESPACES,
    ROLES,
    build_urls,
    sign_in,
)

pytestmark = pytest.mark.django_db

#: Tables a GET may write: the session and django-axes' sign-in records.
BOOKKEEPING = ("django_session", "axes_")


def writes(queries) -> list[str]:
    """The writing statements among ``queries`` outside the bookkeeping tables."""
    found = []
    for query in queries:
        sql = query["sql"]
        if not re.match(r"^\s*(INSERT|UPDATE|DELETE)\b", sql, re.I):
            continue
        if any(f'"{table}' in sql or f" {table}" in sql for table in BOOKKEEPING):
            continue
        found.append(sql[:160])
    return found


@pytest.mark.parametrize("role", ROLES)
def test_no_get_writes(demo, role):
    """Guards "GET never writes" on every URL of the matrix (the staff pages and the
    facilitators' and council members' pages), for every role, invited people included (an
    allowed role reaches every page; the others are refused, which must not write either)."""
    urls, problems = build_urls(demo.erie, NAMESPACES)
    assert not [p for p in problems if "outside" not in p]
    client = Client()
    sign_in(client, demo.users[role])
    failures = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url.url)
        assert response.status_code < 500
        found = writes(queries.captured_queries)
        if found:
            failures.append(f"GET {url.url} as {role}: " + "; ".join(found))
    assert not failures, "\n".join(failures)
    assert role not in ALLOWED_ROLES or len(urls) >= 60
