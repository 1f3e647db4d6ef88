"""The note page's JSON endpoint (``facilitator_portal:notes_api``): what it answers for each
operation and outcome, that a repeated create stores one note, that a stale change is refused
with the stored note, and that malformed bodies get a 400, never a 500."""

import json
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from engagements import models, services

pytestmark = pytest.mark.django_db


def api_url(group, language="en"):
    with translation.override(language):
        return reverse("facilitator_portal:notes_api", args=[group.pk])


def post(client, group, body, language="en"):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(api_url(group, language), data, content_type="application/json")


def create(client, group, text="Faith leaders are trusted", kind="strength", **extra):
    body = {"op": "create", "kind": kind, "client_id": str(uuid.uuid4()), "text": text}
    return post(client, group, {**body, **extra})


NOTE_KEYS = {"kind", "id", "client_id", "text", "actions", "issue_id", "revision", "updated_at"}


def test_get_lists_the_groups_notes_by_kind(ann_client, portal):
    create(ann_client, portal.group_a, kind="issue", text="Stops without a reason")
    create(ann_client, portal.group_a, text="Faith leaders are trusted")
    response = ann_client.get(api_url(portal.group_a))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    data = response.json()
    assert data["group"] == portal.group_a.pk and data["open"] is True
    assert data["server_time"]
    assert [n["kind"] for n in data["notes"]] == ["strength", "issue"]
    assert set(data["notes"][0]) == NOTE_KEYS
    assert data["notes"][0]["actions"] == "" and data["notes"][0]["issue_id"] is None


def test_create_then_repeat_stores_one_note(ann_client, portal):
    body = {
        "op": "create",
        "kind": "solution",
        "client_id": str(uuid.uuid4()),
        "text": "Walks with officers",
        "actions": "Set a date",
        "issue_id": portal.priority.pk,
    }
    first = post(ann_client, portal.afternoon, body)
    assert first.status_code == 201
    assert first.json()["created"] is True
    note = first.json()["note"]
    assert note["client_id"] == body["client_id"] and note["issue_id"] == portal.priority.pk
    assert note["actions"] == "Set a date" and note["revision"] == 1
    again = post(ann_client, portal.afternoon, {**body, "text": "changed on the way"})
    assert again.status_code == 200
    assert again.json() == {"note": note, "created": False}
    assert models.Solution.objects.count() == 1


def test_update_and_conflict(ann_client, portal):
    note = create(ann_client, portal.group_a).json()["note"]
    update = {"op": "update", "kind": "strength", "id": note["id"], "base_revision": 1}
    response = post(ann_client, portal.group_a, {**update, "text": "Faith leaders help"})
    assert response.status_code == 200
    assert response.json()["note"]["revision"] == 2
    # The co-facilitator's phone still had revision 1.
    response = post(ann_client, portal.group_a, {**update, "text": "Mosques and churches"})
    assert response.status_code == 409
    data = response.json()
    assert data["conflict"] is True and data["message"]
    assert data["note"]["text"] == "Faith leaders help" and data["note"]["revision"] == 2
    assert models.Strength.objects.get().text == "Faith leaders help"


def test_update_of_a_deleted_note_is_a_conflict_without_note(ann_client, portal):
    note = create(ann_client, portal.group_a).json()["note"]
    models.Strength.objects.all().delete()
    response = post(
        ann_client,
        portal.group_a,
        {"op": "update", "kind": "strength", "id": note["id"], "base_revision": 1, "text": "x y"},
    )
    assert response.status_code == 409
    assert response.json()["note"] is None


def test_delete_also_when_already_gone(ann_client, portal):
    note = create(ann_client, portal.group_a).json()["note"]
    body = {"op": "delete", "kind": "strength", "id": note["id"], "base_revision": 1}
    for _ in range(2):
        response = post(ann_client, portal.group_a, body)
        assert response.status_code == 200 and response.json() == {"deleted": True}
    assert not models.Strength.objects.exists()


def test_stale_delete_is_a_conflict(ann_client, portal):
    note = create(ann_client, portal.group_a).json()["note"]
    post(
        ann_client,
        portal.group_a,
        {"op": "update", "kind": "strength", "id": note["id"], "base_revision": 1, "text": "B"},
    )
    response = post(
        ann_client,
        portal.group_a,
        {"op": "delete", "kind": "strength", "id": note["id"], "base_revision": 1},
    )
    assert response.status_code == 409 and response.json()["note"]["text"] == "B"
    assert models.Strength.objects.exists()


def test_roster_name_is_refused_without_naming_anyone(ann_client, portal):
    response = create(ann_client, portal.group_a, text="As Maria Gonzalez said, patrols help")
    assert response.status_code == 400
    data = response.json()
    assert "text" in data["errors"] and data["message"]
    assert "Gonzalez" not in response.content.decode()
    assert "Okafor" not in response.content.decode()
    assert not models.Strength.objects.exists()


def test_closed_round_refuses_writes_with_403(ann_client, portal):
    note = create(ann_client, portal.group_a).json()["note"]
    services.breakout_round_close(engagement=portal.erie, round="homogeneous", user=portal.staff)
    assert ann_client.get(api_url(portal.group_a)).json()["open"] is False
    bodies = [
        {"op": "create", "kind": "strength", "client_id": str(uuid.uuid4()), "text": "Late"},
        {"op": "update", "kind": "strength", "id": note["id"], "base_revision": 1, "text": "L"},
        {"op": "delete", "kind": "strength", "id": note["id"], "base_revision": 1},
    ]
    for body in bodies:
        response = post(ann_client, portal.group_a, body)
        assert response.status_code == 403
        assert response.json()["error"] == "closed" and response.json()["message"]
    assert list(models.Strength.objects.values_list("text", "revision")) == [
        ("Faith leaders are trusted", 1)
    ]


def test_groups_the_user_may_not_see_are_a_404(ann_client, portal):
    for group in (portal.group_b, portal.topeka_other):
        assert ann_client.get(api_url(group)).status_code == 404
        assert create(ann_client, group).status_code == 404
    assert not models.Strength.objects.exists()


def test_staff_of_another_office_get_a_404(client, portal):
    from tests.factories import UserFactory, office

    client.force_login(UserFactory(office=office("southwest")))
    assert client.get(api_url(portal.group_a)).status_code == 404
    assert create(client, portal.group_a).status_code == 404


MALFORMED = [
    ("not json", "{op: create"),
    ("not an object", "[1, 2]"),
    ("a string", '"create"'),
    ("not utf-8", b"\xff\xfe\x00{"),
    ("no op", {"kind": "strength", "client_id": str(uuid.uuid4()), "text": "a"}),
    ("unknown op", {"op": "merge", "kind": "strength"}),
    ("unknown kind", {"op": "create", "kind": "vote", "client_id": str(uuid.uuid4())}),
    ("kind of the other round", {"op": "create", "kind": "solution", "text": "a"}),
    ("kind not a string", {"op": "create", "kind": ["strength"], "text": "a"}),
    ("no client id", {"op": "create", "kind": "strength", "text": "a"}),
    ("client id not a uuid", {"op": "create", "kind": "strength", "client_id": "1", "text": "a"}),
    ("client id a number", {"op": "create", "kind": "strength", "client_id": 7, "text": "a"}),
    (
        "text a number",
        {"op": "create", "kind": "strength", "client_id": str(uuid.uuid4()), "text": 12},
    ),
    (
        "empty text",
        {"op": "create", "kind": "strength", "client_id": str(uuid.uuid4()), "text": "   "},
    ),
    (
        "huge text",
        {"op": "create", "kind": "strength", "client_id": str(uuid.uuid4()), "text": "x" * 100_000},
    ),
    (
        "null character",
        {"op": "create", "kind": "strength", "client_id": str(uuid.uuid4()), "text": "a\x00b"},
    ),
    (
        "id a string",
        {"op": "update", "kind": "strength", "id": "1", "base_revision": 1, "text": "a"},
    ),
    ("id a boolean", {"op": "delete", "kind": "strength", "id": True, "base_revision": 1}),
    ("id too large", {"op": "delete", "kind": "strength", "id": 2**70, "base_revision": 1}),
    ("no base revision", {"op": "update", "kind": "strength", "id": 1, "text": "a"}),
    ("revision a float", {"op": "delete", "kind": "strength", "id": 1, "base_revision": 1.5}),
]


@pytest.mark.parametrize("body", [b for _name, b in MALFORMED], ids=[n for n, _b in MALFORMED])
def test_malformed_bodies_are_a_400(ann_client, portal, body):
    response = post(ann_client, portal.group_a, body)
    assert response.status_code == 400
    data = response.json()
    assert data["errors"] and data["message"]
    assert not models.Strength.objects.exists()


def test_solution_needs_a_priority_issue(ann_client, portal):
    not_priority = models.Issue.objects.get(text="Not a priority")
    for issue_id in (None, not_priority.pk, "3"):
        response = create(
            ann_client, portal.afternoon, kind="solution", text="Walks", issue_id=issue_id
        )
        assert response.status_code == 400
        assert "issue_id" in response.json()["errors"]
    assert not models.Solution.objects.exists()


def test_messages_are_in_the_language_of_the_request(ann_client, portal):
    response = post(
        ann_client, portal.group_a, {"op": "create", "kind": "strength", "text": "a"}, "fa"
    )
    assert response.status_code == 400
    with translation.override("fa"):
        expected = translation.gettext("This field is required.")
    assert expected != "This field is required."
    assert response.json()["errors"]["client_id"] == [expected]


def test_a_save_takes_few_queries(ann_client, portal, django_assert_max_num_queries):
    """A save is about 20 queries (session and user, the group, the facilitator's link checked
    by the view and by the service, the roster, the note, its history, the audit row, the
    session's save); reading the notes is a handful, whatever their number."""
    create(ann_client, portal.group_a)
    with django_assert_max_num_queries(22):
        assert create(ann_client, portal.group_a).status_code == 201
    for _ in range(20):
        create(ann_client, portal.group_a)
    with django_assert_max_num_queries(10):
        assert ann_client.get(api_url(portal.group_a)).status_code == 200
