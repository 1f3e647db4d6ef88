"""``services.engagement``: opening an engagement for the right office."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import services
from engagements.models import ActionPlan, Engagement
from tests.factories import office


def new(staff, state="PA", office_code=None):
    return Engagement(
        community="Erie",
        state=state,
        lead_staff=staff,
        law_enforcement_agencies="Erie PD",
        office=office(office_code) if office_code else None,
    )


@pytest.mark.django_db
def test_office_proposed_from_the_state_with_a_draft_plan(staff):
    engagement = services.engagement_create(engagement=new(staff), user=staff)
    assert engagement.office.code == "mid-atlantic"
    assert ActionPlan.objects.get(engagement=engagement).status == "draft"


@pytest.mark.django_db
def test_staff_open_engagements_for_their_own_office_only(staff):
    with pytest.raises(ValidationError) as caught:
        services.engagement_create(engagement=new(staff, state="TX"), user=staff)
    assert "own office" in caught.value.message_dict["office"][0]
    assert not Engagement.objects.exists()


@pytest.mark.django_db
def test_headquarters_open_for_any_office(hq_staff):
    engagement = services.engagement_create(engagement=new(hq_staff, state="TX"), user=hq_staff)
    assert engagement.office.code == "southwest"


@pytest.mark.django_db
def test_office_must_serve_the_state(hq_staff):
    with pytest.raises(ValidationError):
        services.engagement_create(
            engagement=new(hq_staff, state="TX", office_code="mid-atlantic"), user=hq_staff
        )


@pytest.mark.django_db
def test_only_crs_staff_open_engagements(outsider):
    with pytest.raises(PermissionDenied):
        services.engagement_create(engagement=new(outsider), user=outsider)
