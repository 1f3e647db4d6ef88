"""Two copies of one breakout note racing (a double tap sent on two connections, a retry
crossing the first answer): the database's unique client id decides, the copy that loses
answers with the note stored by the other, and a refused insert leaves the transaction usable.

``scripts/benchmark_facilitator_notes.py`` races copies over HTTP; these tests make the race
happen at the one moment that matters: after the service looked for the client id and before
its insert."""

import threading
import uuid

import pytest
from django.db import IntegrityError, connection

from engagements import models, services
from tests import factories


def facilitator_of_new_group():
    """A morning group and the account of its trained, invited facilitator."""
    engagement = factories.EngagementFactory()
    staff = factories.UserFactory(office=engagement.office)
    group = factories.BreakoutGroupFactory(engagement=engagement)
    facilitator = factories.trained_facilitator(engagement)
    group.facilitator = facilitator
    group.save()
    link = services.sign_in_link_create(
        person=facilitator, user=staff, language="en", email="", base_url=""
    )
    return group, link.user


def stored_just_before_insert(monkeypatch, client_id, store):
    """Call ``store()`` when the note with ``client_id`` has been validated (its client id
    found free) and is about to be inserted."""
    validate = models.Strength.validate_constraints

    def racing(self, *args, **kwargs):
        validate(self, *args, **kwargs)
        if self.pk is None and self.client_id == client_id:
            store()

    monkeypatch.setattr(models.Strength, "validate_constraints", racing)


@pytest.mark.django_db(transaction=True)
def test_copy_stored_by_another_connection_meanwhile_is_the_answer(monkeypatch):
    """The other phone's copy commits between this copy's check and its insert: this copy is
    refused by the database and answers with the stored note, which is there once."""
    group, user = facilitator_of_new_group()
    client_id = uuid.uuid4()

    def other_phone():
        def insert():
            try:
                models.Strength.objects.create(
                    engagement=group.engagement,
                    group=group,
                    client_id=client_id,
                    text="Neighbours know the beat officers by name",
                )
            finally:
                connection.close()

        thread = threading.Thread(target=insert)
        thread.start()
        thread.join()

    stored_just_before_insert(monkeypatch, client_id, other_phone)
    note, created = services.breakout_note_create(
        group=group,
        kind="strength",
        user=user,
        client_id=client_id,
        text="Neighbours know the beat officers by name",
    )
    assert created is False
    assert note.client_id == client_id
    assert models.Strength.objects.filter(client_id=client_id).count() == 1
    # Nothing of the refused copy was kept: no audit row, no history row of its own (the
    # one history row is the other phone's insert).
    assert not models.AuditEntry.objects.filter(model="strength").exists()
    assert models.Strength.history.filter(client_id=client_id).count() == 1


@pytest.mark.django_db
def test_refused_insert_inside_a_transaction_leaves_it_usable(monkeypatch):
    """Inside an outer transaction (a test, or a caller's own), an insert the database
    refuses rolls back only the note's own part: the caller's transaction goes on."""
    group, user = facilitator_of_new_group()
    client_id = uuid.uuid4()

    def same_connection():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO engagements_strength "
                "(engagement_id, group_id, client_id, text, revision, created_at, updated_at) "
                "VALUES (%s, %s, %s, %s, 1, now(), now())",
                [group.engagement_id, group.pk, client_id, "A copy"],
            )

    stored_just_before_insert(monkeypatch, client_id, same_connection)
    with pytest.raises(IntegrityError):
        services.breakout_note_create(
            group=group, kind="strength", user=user, client_id=client_id, text="A copy"
        )
    # The outer transaction is not aborted: reads and writes still work.
    assert models.Strength.objects.filter(group=group).count() == 0
    note, created = services.breakout_note_create(
        group=group, kind="strength", user=user, client_id=uuid.uuid4(), text="Another note"
    )
    assert created and models.Strength.objects.get().pk == note.pk
