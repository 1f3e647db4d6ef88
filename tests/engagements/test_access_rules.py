"""The rules behind facilitators' and council members' access, at the service level: who may
write which note, idempotent creates, stale edits, closed rounds, revoked and expired links,
council progress updates and hiding them. The pages and the JSON endpoint have their own tests;
these guard that every way in (forms, JSON, admin, demo) gets the same answer."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from engagements import models, services
from engagements.services.notes import NoteConflict
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement():
    return factories.EngagementFactory()


@pytest.fixture
def staff(engagement):
    return factories.UserFactory(office=engagement.office)


def invited(person, staff, language="en"):
    """``person``'s account after staff invited them (QR only: no email)."""
    link = services.sign_in_link_create(
        person=person, user=staff, language=language, email="", base_url=""
    )
    return link.user


@pytest.fixture
def group(engagement):
    return factories.BreakoutGroupFactory(engagement=engagement)


@pytest.fixture
def lead(engagement, group, staff):
    """The account of the group's (trained, invited) facilitator."""
    facilitator = factories.trained_facilitator(engagement)
    group.facilitator = facilitator
    group.save()
    return invited(facilitator, staff)


def add(group, user, text="Neighbours know the beat officers by name", client_id=None, **kw):
    return services.breakout_note_create(
        group=group,
        kind=kw.pop("kind", "strength"),
        user=user,
        client_id=client_id or uuid.uuid4(),
        text=text,
        **kw,
    )


def test_facilitator_adds_a_note_once_per_client_id(group, lead):
    """A note sent twice (double tap, retry after a lost response) is stored once, and the
    repeat answers with the stored note."""
    client_id = uuid.uuid4()
    note, created = add(group, lead, client_id=client_id)
    again, created_again = add(group, lead, client_id=client_id, text="changed on the way")
    assert created and not created_again
    assert again.pk == note.pk
    assert models.Strength.objects.filter(client_id=client_id).count() == 1
    assert models.Strength.objects.get().text == "Neighbours know the beat officers by name"


def test_client_id_of_another_group_is_refused(engagement, group, lead, staff):
    other = factories.BreakoutGroupFactory(engagement=engagement)
    client_id = uuid.uuid4()
    add(group, lead, client_id=client_id)
    with pytest.raises(ValidationError):
        add(other, staff, client_id=client_id)


def test_kind_must_match_the_round(group, lead):
    with pytest.raises(ValidationError):
        add(group, lead, kind="solution")
    with pytest.raises(ValidationError):
        add(group, lead, kind="vote")


def test_note_naming_someone_on_the_roster_is_refused(engagement, group, lead):
    factories.ParticipantFactory(engagement=engagement, name="Maria Gonzalez")
    with pytest.raises(ValidationError) as error:
        add(group, lead, text="Maria Gonzalez said the police never listen")
    assert "Maria Gonzalez" not in str(error.value)
    assert not models.Strength.objects.exists()


def test_facilitator_of_another_group_cannot_write(engagement, group, lead, staff):
    other_group = factories.BreakoutGroupFactory(engagement=engagement)
    other = factories.trained_facilitator(engagement)
    other_group.facilitator = other
    other_group.save()
    other_user = invited(other, staff)
    note, _ = add(group, lead)
    with pytest.raises(PermissionDenied):
        add(group, other_user)
    with pytest.raises(PermissionDenied):
        services.breakout_note_update(note=note, user=other_user, base_revision=1, text="x")
    with pytest.raises(PermissionDenied):
        services.breakout_note_delete(note=note, user=other_user, base_revision=1)
    assert models.Strength.objects.get().text == note.text


def test_co_facilitator_writes_to_the_same_group(engagement, group, lead, staff):
    second = factories.trained_facilitator(engagement)
    group.second_facilitator = second
    group.save()
    co = invited(second, staff)
    add(group, lead)
    add(group, co, text="Churches open their halls")
    assert models.Strength.objects.filter(group=group).count() == 2


def test_stale_edit_is_refused_with_the_stored_text(group, lead):
    note, _ = add(group, lead)
    services.breakout_note_update(note=note, user=lead, base_revision=1, text="First edit")
    with pytest.raises(NoteConflict) as conflict:
        services.breakout_note_update(note=note, user=lead, base_revision=1, text="Stale edit")
    assert conflict.value.stored.text == "First edit"
    assert conflict.value.stored.revision == 2
    stored = models.Strength.objects.get()
    assert (stored.text, stored.revision) == ("First edit", 2)
    with pytest.raises(NoteConflict):
        services.breakout_note_delete(note=note, user=lead, base_revision=1)
    assert models.Strength.objects.exists()


def test_staff_edit_raises_the_revision(group, lead, staff):
    """An edit by staff on the staff pages also moves the revision, so a facilitator's edit
    made before it is refused rather than overwriting it."""
    note, _ = add(group, lead)
    note.text = "Edited by staff"
    services.record_update(record=note, user=staff)
    assert models.Strength.objects.get().revision == 2
    with pytest.raises(NoteConflict):
        services.breakout_note_update(note=note, user=lead, base_revision=1, text="Mine")


def test_deleting_a_deleted_note_does_nothing(group, lead):
    note, _ = add(group, lead)
    services.breakout_note_delete(note=note, user=lead, base_revision=1)
    services.breakout_note_delete(note=note, user=lead, base_revision=1)
    assert not models.Strength.objects.exists()
    with pytest.raises(NoteConflict) as conflict:
        services.breakout_note_update(note=note, user=lead, base_revision=1, text="x")
    assert conflict.value.stored is None


def test_closed_round_is_read_only_for_facilitators_not_staff(engagement, group, lead, staff):
    note, _ = add(group, lead)
    services.breakout_round_close(engagement=engagement, round=group.round, user=staff)
    group.engagement.refresh_from_db()
    assert lead.has_perm("engagements.view_group_notes", group)
    with pytest.raises(PermissionDenied):
        add(group, lead)
    with pytest.raises(PermissionDenied):
        services.breakout_note_update(note=note, user=lead, base_revision=1, text="late")
    add(group, staff, text="Staff may still record")
    services.breakout_round_close(engagement=engagement, round=group.round, user=staff, close=False)
    group.engagement.refresh_from_db()
    add(group, lead, text="Reopened")
    assert set(
        models.AuditEntry.objects.filter(engagement=engagement).values_list("action", flat=True)
    ) >= {"morning_closed", "morning_reopened"}


def test_only_staff_close_rounds(engagement, group, lead):
    with pytest.raises(PermissionDenied):
        services.breakout_round_close(engagement=engagement, round=group.round, user=lead)
    engagement.refresh_from_db()
    assert engagement.morning_closed_at is None


def test_revoking_the_link_ends_access_at_once(group, lead, staff):
    assert lead.has_perm("engagements.view_group_notes", group)
    link = models.SignInLink.objects.get(user=lead)
    services.sign_in_link_revoke(link=link, user=staff)
    assert link.__class__.objects.get(pk=link.pk).state() == "revoked"
    assert not lead.has_perm("engagements.view_group_notes", group)
    with pytest.raises(PermissionDenied):
        add(group, lead)


def test_facilitator_access_ends_a_week_after_the_sessions_close(engagement, group, lead):
    link = models.SignInLink.objects.get(user=lead)
    closed = timezone.now() - datetime.timedelta(days=6)
    models.Engagement.objects.filter(pk=engagement.pk).update(
        morning_closed_at=closed, afternoon_closed_at=closed
    )
    link.refresh_from_db()
    assert link.state() == "active"
    assert lead.has_perm("engagements.view_group_notes", group)
    closed -= datetime.timedelta(days=2)
    models.Engagement.objects.filter(pk=engagement.pk).update(
        morning_closed_at=closed, afternoon_closed_at=closed
    )
    link.engagement.refresh_from_db()
    assert link.state() == "expired"
    group.engagement.refresh_from_db()
    assert not lead.has_perm("engagements.view_group_notes", group)


def test_one_account_for_one_person_in_two_engagements(staff):
    """Invited by the same email in two engagements, a person has one account linked to both
    facilitator records."""
    first = factories.trained_facilitator(factories.EngagementFactory(office=staff.office))
    second = factories.trained_facilitator(factories.EngagementFactory(office=staff.office))
    a = services.sign_in_link_create(
        person=first, user=staff, language="vi", email="lan@example.org", base_url="https://x"
    )
    b = services.sign_in_link_create(
        person=second, user=staff, language="vi", email="LAN@example.org", base_url="https://x"
    )
    assert a.user_id == b.user_id
    assert a.user.office is None and not a.user.has_usable_password()
    assert set(a.user.facilitator_roles.all()) == {first, second}


def test_staff_of_another_office_cannot_invite(engagement):
    outsider = factories.UserFactory(office=factories.office("central"))
    facilitator = factories.trained_facilitator(engagement)
    with pytest.raises(PermissionDenied):
        invited(facilitator, outsider)
    assert not models.SignInLink.objects.exists()


# -- council members ---------------------------------------------------------------------


@pytest.fixture
def published(engagement, staff):
    """``engagement`` with one plan item (linked to a priority issue), published."""
    issue = factories.IssueFactory(engagement=engagement, is_priority=True)
    item = factories.PlanItemFactory(engagement=engagement, plan=engagement.action_plan)
    services.links_set(record=item, field_name="issues", targets=[issue], user=staff)
    services.action_plan_publish(plan=engagement.action_plan, user=staff)
    return item


def council_member(engagement, staff):
    member = models.CouncilMember.objects.create(
        engagement=engagement,
        stakeholder_group=factories.StakeholderGroupFactory(engagement=engagement),
        planning_member=factories.PlanningGroupMemberFactory(engagement=engagement),
        role="chair",
    )
    return invited(member, staff, language="fa")


def test_council_member_posts_progress_with_name_and_version(engagement, staff, published):
    member = council_member(engagement, staff)
    assert member.has_perm("engagements.view_published_plan", engagement)
    update = services.progress_update_post(
        plan_item=published, status="in_progress", note="The first forum was held.", user=member
    )
    assert update.author == member and update.plan_version == 1
    assert models.PlanItem.objects.get(pk=published.pk).status == "in_progress"
    with pytest.raises(ValidationError):
        services.progress_update_post(
            plan_item=published, status="in_progress", note="", user=member
        )


def test_council_member_of_another_engagement_is_refused(engagement, staff, published):
    other = factories.EngagementFactory(office=engagement.office)
    outsider = council_member(other, staff)
    assert not outsider.has_perm("engagements.view_council_pages", engagement)
    with pytest.raises(PermissionDenied):
        services.progress_update_post(plan_item=published, status="done", note="x", user=outsider)
    assert not models.ProgressUpdate.objects.exists()


def test_no_progress_before_the_plan_is_published(engagement, staff):
    member = council_member(engagement, staff)
    item = factories.PlanItemFactory(engagement=engagement, plan=engagement.action_plan)
    assert member.has_perm("engagements.view_council_pages", engagement)
    assert not member.has_perm("engagements.view_published_plan", engagement)
    with pytest.raises(PermissionDenied):
        services.progress_update_post(plan_item=item, status="done", note="x", user=member)


def test_staff_hide_an_update_with_a_reason_that_is_kept(engagement, staff, published):
    member = council_member(engagement, staff)
    update = services.progress_update_post(
        plan_item=published, status="in_progress", note="Names a person", user=member
    )
    with pytest.raises(ValidationError):
        services.progress_update_hide(update=update, reason="  ", user=staff)
    with pytest.raises(PermissionDenied):
        services.progress_update_hide(update=update, reason="mine", user=member)
    services.progress_update_hide(update=update, reason="It names a resident.", user=staff)
    stored = models.ProgressUpdate.objects.get()
    assert stored.hidden_reason == "It names a resident." and stored.hidden_by == staff
    assert stored.hidden_at is not None
