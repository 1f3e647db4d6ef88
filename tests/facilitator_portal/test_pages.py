"""The facilitators' pages without JavaScript: "My breakout groups", the note page and its
plain forms, editing and deleting a note, and who sees what."""

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from engagements import models, services

pytestmark = pytest.mark.django_db


def group_url(group):
    return reverse("facilitator_portal:group", args=[group.pk])


def test_home_lists_the_groups_led_and_co_led_in_every_engagement(ann_client, portal):
    response = ann_client.get(reverse("facilitator_portal:home"))
    assert response.status_code == 200
    page = response.content.decode()
    for mine in (portal.group_a, portal.afternoon, portal.topeka_group):
        assert group_url(mine) in page
    for other in (portal.group_b, portal.topeka_other):
        assert group_url(other) not in page
        assert other.name not in page
    assert "Erie" in page and "Topeka" in page
    # By engagement, and the morning round first, as the day runs.
    order = [page.index(group_url(g)) for g in (portal.group_a, portal.afternoon)]
    assert order == sorted(order) and page.index("Topeka") > max(order)
    assert "Room 12" in page
    # The co-facilitator of the afternoon group is named.
    assert "Bob Baker" in page


def test_home_without_groups_explains_whom_to_ask(client, portal):
    client.force_login(portal.staff)
    response = client.get(reverse("facilitator_portal:home"))
    assert response.status_code == 200
    assert "No breakout groups yet." in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, portal):
    for url in (
        reverse("facilitator_portal:home"),
        group_url(portal.group_a),
        reverse("facilitator_portal:notes_api", args=[portal.group_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_group_page_has_what_the_script_needs(ann_client, portal):
    response = ann_client.get(group_url(portal.group_a))
    assert response.status_code == 200
    page = response.content.decode()
    api = reverse("facilitator_portal:notes_api", args=[portal.group_a.pk])
    assert f'data-api="{api}"' in page
    assert 'id="sync-status"' in page and 'data-open="true"' in page
    assert 'id="notes-config"' in page
    for kind in ("strength", "issue"):
        assert f'<form class="note-form" data-kind="{kind}"' in page.replace(
            ' card card-body"', '"'
        )
        assert f'<ul class="note-list list-unstyled" data-kind="{kind}"' in page
    assert 'data-kind="solution"' not in page
    assert page.count('name="client_id"') == 2
    # Nothing of the roster.
    assert "Maria Gonzalez" not in page and "Samuel Okafor" not in page


def test_afternoon_page_lists_the_priority_issues_only(ann_client, portal):
    page = ann_client.get(group_url(portal.afternoon)).content.decode()
    assert "Slow response times" in page
    assert "Not a priority" not in page
    assert 'name="issue"' in page and 'name="actions"' in page


@pytest.mark.parametrize("which", ["other group", "other engagement", "revoked", "expired"])
def test_group_page_is_a_404_for_whoever_may_not_see_it(ann_client, portal, which):
    group = portal.group_a
    if which == "other group":
        group = portal.group_b
    elif which == "other engagement":
        group = portal.topeka_other
    elif which == "revoked":
        services.sign_in_link_revoke(link=portal.ann_link, user=portal.staff)
    else:
        eight_days_ago = timezone.now() - datetime.timedelta(days=8)
        models.Engagement.objects.filter(pk=portal.erie.pk).update(
            morning_closed_at=eight_days_ago, afternoon_closed_at=eight_days_ago
        )
    for url in (
        group_url(group),
        reverse("facilitator_portal:notes_api", args=[group.pk]),
    ):
        assert ann_client.get(url).status_code == 404
        assert ann_client.post(url, {"kind": "strength", "text": "x"}).status_code == 404
    assert not models.Strength.objects.exists()


def add(client, group, text, kind="strength", client_id=None, **extra):
    return client.post(
        group_url(group),
        {"kind": kind, "text": text, "client_id": str(client_id or uuid.uuid4()), **extra},
    )


def test_add_a_note_with_the_plain_form(ann_client, portal):
    response = add(ann_client, portal.group_a, "Neighbours know the officers by name")
    assert response.status_code == 302
    assert response["Location"].startswith(group_url(portal.group_a))
    note = models.Strength.objects.get()
    assert note.group == portal.group_a and note.client_id is not None
    page = ann_client.get(response["Location"]).content.decode()
    assert "Note saved." in page and "Neighbours know the officers by name" in page


def test_add_a_solution_with_the_plain_form(ann_client, portal):
    response = add(
        ann_client,
        portal.afternoon,
        "A monthly meeting",
        kind="solution",
        issue=portal.priority.pk,
        actions="Chief sets a date\nLibrary hosts",
    )
    assert response.status_code == 302
    solution = models.Solution.objects.get()
    assert solution.issue == portal.priority and solution.actions.startswith("Chief")


def test_double_submit_of_the_same_form_stores_one_note(ann_client, portal):
    client_id = uuid.uuid4()
    for _ in range(2):
        response = add(ann_client, portal.group_a, "Strong churches", client_id=client_id)
        assert response.status_code == 302
    assert models.Strength.objects.count() == 1


def test_a_note_naming_someone_on_the_roster_is_refused_and_the_text_kept(ann_client, portal):
    text = "maria gonzalez said the police never come"
    response = add(ann_client, portal.group_a, text, kind="issue")
    assert response.status_code == 200
    page = response.content.decode()
    assert not models.Issue.objects.filter(group=portal.group_a).exists()
    # The text as typed is back in the form ...
    assert text in page
    # ... with a message that says why, without naming anyone from the roster.
    errors = re.findall(r'class="invalid-feedback[^"]*"[^>]*>(.*?)</div>', page, re.S)
    assert errors and "roster" in errors[0]
    assert "Maria Gonzalez" not in page and "Samuel Okafor" not in page


def test_an_empty_note_is_refused_with_the_other_text_kept(ann_client, portal):
    response = add(ann_client, portal.afternoon, "", kind="solution", actions="Keep this action")
    assert response.status_code == 200
    assert "Keep this action" in response.content.decode()
    assert not models.Solution.objects.exists()


def note_of(portal, text="Good schools", group=None, user=None):
    note, _created = services.breakout_note_create(
        group=group or portal.group_a,
        kind="strength",
        user=user or portal.ann,
        client_id=uuid.uuid4(),
        text=text,
    )
    return note


def edit_url(note, group=None):
    return reverse("facilitator_portal:strength_update", args=[(group or note.group).pk, note.pk])


def delete_url(note, group=None):
    return reverse("facilitator_portal:strength_delete", args=[(group or note.group).pk, note.pk])


def test_edit_a_note(ann_client, portal):
    note = note_of(portal)
    response = ann_client.get(edit_url(note))
    assert response.status_code == 200
    assert 'name="base_revision" value="1"' in response.content.decode()
    response = ann_client.post(
        edit_url(note), {"kind": "strength", "text": "Great schools", "base_revision": 1}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Great schools" and note.revision == 2


def test_a_stale_edit_shows_both_texts_and_keep_mine_saves(ann_client, portal):
    note = note_of(portal)
    services.breakout_note_update(
        note=note,
        user=portal.staff,
        base_revision=1,
        text="Good schools and parks",
    )
    response = ann_client.post(
        edit_url(note), {"kind": "strength", "text": "Good schools, libraries", "base_revision": 1}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Good schools, libraries" in page and "Good schools and parks" in page
    assert "Keep mine" in page and "Keep the saved one" in page
    assert 'name="base_revision" value="2"' in page
    note.refresh_from_db()
    assert note.text == "Good schools and parks"
    # "Keep mine" sends the text again on the revision now stored.
    response = ann_client.post(
        edit_url(note), {"kind": "strength", "text": "Good schools, libraries", "base_revision": 2}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Good schools, libraries" and note.revision == 3


def test_an_edit_of_a_note_deleted_meanwhile_keeps_the_text(ann_client, portal):
    note = note_of(portal)
    url = edit_url(note)
    services.breakout_note_delete(note=note, user=portal.staff, base_revision=1)
    response = ann_client.post(url, {"kind": "strength", "text": "My rewrite", "base_revision": 1})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This note was deleted on another phone." in page and "My rewrite" in page
    assert f'action="{group_url(portal.group_a)}"' in page


def test_delete_a_note(ann_client, portal):
    note = note_of(portal)
    response = ann_client.get(delete_url(note))
    assert response.status_code == 200 and "Good schools" in response.content.decode()
    assert models.Strength.objects.exists()
    response = ann_client.post(delete_url(note), {"base_revision": 1})
    assert response.status_code == 302
    assert not models.Strength.objects.exists()
    # Again (a double tap): already gone, said so, nothing breaks.
    response = ann_client.post(delete_url(note), {"base_revision": 1})
    assert response.status_code == 302


def test_a_stale_delete_deletes_nothing_and_shows_the_saved_text(ann_client, portal):
    note = note_of(portal)
    services.breakout_note_update(
        note=note, user=portal.staff, base_revision=1, text="Changed by staff"
    )
    response = ann_client.post(delete_url(note), {"base_revision": 1})
    assert response.status_code == 200
    assert "Changed by staff" in response.content.decode()
    assert models.Strength.objects.filter(pk=note.pk).exists()


def test_a_note_of_another_group_is_a_404_under_this_group(ann_client, portal):
    theirs = note_of(portal, group=portal.group_b, user=portal.bob)
    for url in (edit_url(theirs, portal.group_a), delete_url(theirs, portal.group_a)):
        assert ann_client.get(url).status_code == 404
        assert ann_client.post(url, {"text": "x", "base_revision": 1}).status_code == 404
    # And under the other group, Ann may not see it at all.
    assert ann_client.get(edit_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.text == "Good schools"


def test_a_closed_round_is_read_only(ann_client, portal):
    note = note_of(portal)
    services.breakout_round_close(engagement=portal.erie, round="homogeneous", user=portal.staff)
    page = ann_client.get(group_url(portal.group_a)).content.decode()
    assert "closed this round" in page
    assert "note-form" not in page and "note-edit" not in page
    assert 'data-open="false"' in page and "Good schools" in page
    # Every write is refused and changes nothing, the typed text kept.
    response = add(ann_client, portal.group_a, "One more strength")
    assert response.status_code == 403 and "One more strength" in response.content.decode()
    response = ann_client.post(
        edit_url(note), {"kind": "strength", "text": "Changed", "base_revision": 1}
    )
    assert response.status_code == 403 and "Changed" in response.content.decode()
    assert "closed this round" in ann_client.get(edit_url(note)).content.decode()
    response = ann_client.post(delete_url(note), {"base_revision": 1})
    assert response.status_code == 403
    note.refresh_from_db()
    assert note.text == "Good schools"
    assert list(models.Strength.objects.values_list("text", flat=True)) == ["Good schools"]
    # The afternoon round is still open.
    assert 'data-open="true"' in ann_client.get(group_url(portal.afternoon)).content.decode()


def test_the_page_is_in_the_language_of_the_url(ann_client, portal):
    from django.utils import translation

    with translation.override("fa"):
        url = group_url(portal.group_a)
    response = ann_client.get(url)
    assert response.status_code == 200
    assert '<html lang="fa" dir="rtl">' in response.content.decode()


def test_service_worker_is_public_and_not_cached(client, portal):
    from django.utils import translation

    for language in ("en", "fa"):
        with translation.override(language):
            url = reverse("facilitator_portal:service_worker")
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/javascript")
        assert response["Cache-Control"] == "no-cache"
    assert url.startswith("/fa/facilitator/")
