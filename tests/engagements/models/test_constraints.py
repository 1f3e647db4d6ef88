"""Invariants the database itself enforces, whatever writes the row (even a raw ``save()``
or ``update()`` that skips ``full_clean``)."""

import pytest
from django.db import IntegrityError, transaction

from engagements.models import BreakoutGroup, Issue, StakeholderGroup
from offices.models import Office
from tests.factories import (
    BreakoutGroupFactory,
    IssueFactory,
    StakeholderGroupFactory,
    office,
    trained_facilitator,
)


def refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


@pytest.mark.django_db
def test_morning_group_needs_a_stakeholder_group(engagement):
    refused(
        lambda: BreakoutGroup.objects.create(
            engagement=engagement, round="homogeneous", name="Morning"
        )
    )


@pytest.mark.django_db
def test_afternoon_group_has_no_stakeholder_group(engagement, stakeholder_groups):
    refused(
        lambda: BreakoutGroup.objects.create(
            engagement=engagement,
            round="heterogeneous",
            name="Afternoon",
            stakeholder_group=stakeholder_groups[0],
        )
    )


@pytest.mark.django_db
def test_issue_is_never_merged_into_itself(engagement):
    issue = IssueFactory(engagement=engagement)
    refused(lambda: Issue.objects.filter(pk=issue.pk).update(merged_into=issue))


@pytest.mark.django_db
def test_merged_issue_carries_no_votes(engagement):
    target = IssueFactory(engagement=engagement)
    issue = IssueFactory(engagement=engagement)
    refused(lambda: Issue.objects.filter(pk=issue.pk).update(merged_into=target, dot_votes=3))


@pytest.mark.django_db
def test_stakeholder_group_names_unique_ignoring_case(engagement):
    StakeholderGroupFactory(engagement=engagement, name="Youth")
    refused(lambda: StakeholderGroup.objects.create(engagement=engagement, name="YOUTH"))


@pytest.mark.django_db
def test_a_facilitator_leads_one_group_per_round(engagement):
    facilitator = trained_facilitator(engagement)
    BreakoutGroupFactory(
        engagement=engagement,
        round="heterogeneous",
        stakeholder_group=None,
        facilitator=facilitator,
    )
    refused(
        lambda: BreakoutGroup.objects.create(
            engagement=engagement, round="heterogeneous", name="Second", facilitator=facilitator
        )
    )


@pytest.mark.django_db
def test_office_kind_matches_its_region():
    refused(lambda: Office.objects.filter(code="miami").update(region=None))
    refused(lambda: Office.objects.filter(code="headquarters").update(region=office("southeast")))
