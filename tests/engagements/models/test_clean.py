"""Rules that ``Model.clean()`` owns, so that a form, the admin, a JSON endpoint and the demo
loader all get the same answer from ``full_clean()``."""

import pytest
from django.core.exceptions import ValidationError

from engagements.models import CouncilMember, Engagement, Participant, Solution, Strength
from tests.factories import (
    BreakoutGroupFactory,
    EngagementFactory,
    IssueFactory,
    ParticipantFactory,
    StakeholderGroupFactory,
    UserFactory,
    office,
)


def errors(record) -> dict:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


@pytest.fixture
def other_engagement(db):
    return EngagementFactory(community="Elsewhere")


@pytest.mark.django_db
class TestNotes:
    def test_a_note_naming_a_participant_is_refused(self, engagement):
        ParticipantFactory(engagement=engagement, name="Jordan Lee")
        group = BreakoutGroupFactory(engagement=engagement)
        strength = Strength(engagement=engagement, group=group, text="jordan lee runs a club")
        assert "never attributed" in errors(strength)["text"][0]

    def test_the_refusal_does_not_reveal_other_engagements_rosters(
        self, engagement, other_engagement
    ):
        ParticipantFactory(engagement=other_engagement, name="Jordan Lee")
        group = BreakoutGroupFactory(engagement=engagement)
        Strength(engagement=engagement, group=group, text="Jordan Lee runs a club").full_clean()

    def test_a_notes_group_belongs_to_its_engagement(self, engagement, other_engagement):
        group = BreakoutGroupFactory(engagement=other_engagement)
        strength = Strength(engagement=engagement, group=group, text="Strong churches")
        assert "another engagement" in errors(strength)["group"][0]

    def test_strengths_are_recorded_by_morning_groups(self, engagement):
        group = BreakoutGroupFactory(
            engagement=engagement, round="heterogeneous", stakeholder_group=None
        )
        strength = Strength(engagement=engagement, group=group, text="Strong churches")
        assert "morning groups" in errors(strength)["group"][0]

    def test_solutions_are_recorded_by_afternoon_groups_for_priorities(self, engagement):
        morning = BreakoutGroupFactory(engagement=engagement)
        not_priority = IssueFactory(engagement=engagement, group=morning)
        solution = Solution(engagement=engagement, group=morning, issue=not_priority, text="x")
        found = errors(solution)
        assert "afternoon groups" in found["group"][0]
        assert "priority issues" in found["issue"][0]

    def test_nul_characters_are_refused(self, engagement):
        group = BreakoutGroupFactory(engagement=engagement)
        strength = Strength(engagement=engagement, group=group, text="a\x00b")
        assert "text" in errors(strength)


@pytest.mark.django_db
class TestSameEngagement:
    def test_participant_in_another_engagements_stakeholder_group(
        self, engagement, other_engagement
    ):
        group = StakeholderGroupFactory(engagement=other_engagement)
        participant = Participant(engagement=engagement, name="Ana Ruiz", stakeholder_group=group)
        assert "stakeholder_group" in errors(participant)

    def test_council_member_from_another_engagement(self, engagement, other_engagement):
        stranger = ParticipantFactory(engagement=other_engagement)
        member = CouncilMember(
            engagement=engagement,
            participant=stranger,
            stakeholder_group=StakeholderGroupFactory(engagement=engagement),
        )
        assert "participant" in errors(member)

    def test_council_member_without_stakeholder_group_is_a_clear_error(self, engagement):
        member = CouncilMember(
            engagement=engagement, participant=ParticipantFactory(engagement=engagement)
        )
        assert "stakeholder_group" in errors(member)


@pytest.mark.django_db
class TestIssueMerge:
    def test_not_into_itself(self, engagement):
        issue = IssueFactory(engagement=engagement)
        issue.merged_into = issue
        assert "merged_into" in errors(issue)

    def test_not_into_a_merged_issue(self, engagement):
        target = IssueFactory(engagement=engagement)
        merged = IssueFactory(engagement=engagement, merged_into=target)
        issue = IssueFactory(engagement=engagement)
        issue.merged_into = merged
        assert "merged_into" in errors(issue)


@pytest.mark.django_db
class TestEngagementOffice:
    def test_office_must_serve_the_state(self, staff):
        engagement = Engagement(
            community="Austin",
            state="TX",
            office=office("mid-atlantic"),
            lead_staff=staff,
            law_enforcement_agencies="Austin PD",
        )
        assert "office" in errors(engagement)

    @pytest.mark.parametrize("code", ["southwest", "houston", "headquarters"])
    def test_regional_field_and_headquarters_offices_may(self, code):
        Engagement(
            community="Austin",
            state="TX",
            office=office(code),
            lead_staff=UserFactory(office=office(code)),
            law_enforcement_agencies="Austin PD",
        ).full_clean()

    def test_lead_staff_belongs_to_the_office(self, staff):
        """Guards the lead-staff rule (the admin's and the pages' dropdowns list the office's
        staff; the model refuses another office's)."""
        engagement = Engagement(
            community="Austin",
            state="TX",
            office=office("southwest"),
            lead_staff=staff,
            law_enforcement_agencies="Austin PD",
        )
        assert "lead_staff" in errors(engagement)
