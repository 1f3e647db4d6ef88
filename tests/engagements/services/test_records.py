"""``services.records``: every write checks the permission, validates, keeps the history
with its author and writes an audit entry; deletes never cascade silently."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import services
from engagements.models import (
    AuditEntry,
    BreakoutGroup,
    BreakoutGroupParticipant,
    PlanningGroupMember,
    StakeholderGroup,
)
from tests.factories import BreakoutGroupFactory, ParticipantFactory, StakeholderGroupFactory


def member(engagement, name="Chief Ortiz"):
    return PlanningGroupMember(
        engagement=engagement, name=name, affiliation="Police", sector="law_enforcement"
    )


@pytest.mark.django_db
class TestCreate:
    def test_saves_with_history_and_audit(self, engagement, staff):
        record = services.record_create(record=member(engagement), user=staff)
        assert record.history.get().history_user == staff
        entry = AuditEntry.objects.get(engagement=engagement, action="created")
        assert (entry.actor, entry.model, entry.step, entry.object_repr) == (
            staff,
            "planninggroupmember",
            1,
            "Chief Ortiz",
        )

    def test_the_acting_user_is_required(self, engagement):
        with pytest.raises(TypeError):
            services.record_create(record=member(engagement))  # noqa

    def test_staff_of_another_office_are_refused(self, engagement, other_staff):
        with pytest.raises(PermissionDenied):
            services.record_create(record=member(engagement), user=other_staff)
        assert not PlanningGroupMember.objects.exists()

    def test_invalid_records_are_refused(self, engagement, staff):
        record = member(engagement, name="")
        with pytest.raises(ValidationError):
            services.record_create(record=record, user=staff)
        assert not AuditEntry.objects.exists()

    def test_ordered_records_go_last(self, engagement, staff):
        names = ["Youth", "Faith/Clergy", "Business"]
        for name in names:
            services.record_create(
                record=StakeholderGroup(engagement=engagement, name=name), user=staff
            )
        assert list(StakeholderGroup.objects.values_list("name", flat=True)) == names


@pytest.mark.django_db
class TestUpdate:
    def test_audit_names_the_fields_changed(self, engagement, staff):
        record = services.record_create(record=member(engagement), user=staff)
        record.role = "Co-chair"
        services.record_update(record=record, user=staff)
        entry = AuditEntry.objects.get(action="changed")
        assert entry.fields == ["role"]

    def test_nothing_changed_writes_no_entry(self, engagement, staff):
        record = services.record_create(record=member(engagement), user=staff)
        services.record_update(record=record, user=staff)
        assert not AuditEntry.objects.filter(action="changed").exists()


@pytest.mark.django_db
class TestLinks:
    def test_membership_changes_are_in_the_history(self, engagement, staff, stakeholder_groups):
        youth = stakeholder_groups[0]
        ana, ben = (
            ParticipantFactory(engagement=engagement, stakeholder_group=youth, name=n)
            for n in ("Ana Ruiz", "Ben Okafor")
        )
        group = BreakoutGroup(
            engagement=engagement, round="homogeneous", name="Youth", stakeholder_group=youth
        )
        services.record_create(record=group, user=staff, links={"participants": [ana]})
        services.record_update(record=group, user=staff, links={"participants": [ben]})
        entry = AuditEntry.objects.get(action="changed")
        assert entry.links == {"participants": {"added": ["Ben Okafor"], "removed": ["Ana Ruiz"]}}
        history = BreakoutGroupParticipant.history.order_by("history_id")
        assert [(h.history_type, h.participant_id, h.history_user) for h in history] == [
            ("+", ana.pk, staff),
            ("-", ana.pk, staff),
            ("+", ben.pk, staff),
        ]

    def test_links_to_another_engagement_are_refused(self, engagement, staff, stakeholder_groups):
        stranger = ParticipantFactory()
        group = BreakoutGroupFactory(engagement=engagement, stakeholder_group=stakeholder_groups[0])
        with pytest.raises(ValidationError):
            services.record_update(record=group, user=staff, links={"participants": [stranger]})
        assert not BreakoutGroupParticipant.objects.exists()


@pytest.mark.django_db
class TestDelete:
    def test_refused_while_other_records_depend_on_it(self, engagement, staff):
        group = StakeholderGroupFactory(engagement=engagement, name="Youth")
        ParticipantFactory(engagement=engagement, stakeholder_group=group)
        with pytest.raises(ValidationError, match="cannot be deleted"):
            services.record_delete(record=group, user=staff)
        assert StakeholderGroup.objects.filter(pk=group.pk).exists()

    def test_deletes_with_history_and_audit(self, engagement, staff):
        record = services.record_create(record=member(engagement), user=staff)
        services.record_delete(record=record, user=staff)
        assert not PlanningGroupMember.objects.exists()
        assert PlanningGroupMember.history.filter(history_type="-").get().history_user == staff
        assert AuditEntry.objects.filter(action="deleted", object_repr="Chief Ortiz").exists()


@pytest.mark.django_db
def test_move_reorders_and_closes_up(engagement, staff):
    groups = [
        services.record_create(record=StakeholderGroup(engagement=engagement, name=n), user=staff)
        for n in ("A", "B", "C")
    ]
    services.record_move(record=groups[2], user=staff, offset=-1)
    assert list(StakeholderGroup.objects.values_list("name", flat=True)) == ["A", "C", "B"]
    services.record_move(record=groups[0], user=staff, offset=-1)  # already first: stays
    assert list(StakeholderGroup.objects.values_list("order", flat=True)) == [0, 1, 2]
