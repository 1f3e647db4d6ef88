"""Each permission predicate, for a user who is allowed and one who is not."""

import pytest
from django.contrib.auth.models import AnonymousUser

from engagements.models import Engagement
from engagements.predicates import (
    is_crs_staff,
    is_headquarters_staff,
    is_office_staff,
)


@pytest.mark.django_db
class TestIsCrsStaff:
    def test_staff_of_an_office(self, staff):
        assert is_crs_staff(staff)

    def test_user_without_office(self, outsider):
        assert not is_crs_staff(outsider)

    def test_anonymous(self):
        assert not is_crs_staff(AnonymousUser())

    def test_inactive_staff(self, staff):
        staff.is_active = False
        assert not is_crs_staff(staff)


@pytest.mark.django_db
class TestIsHeadquartersStaff:
    def test_headquarters(self, hq_staff):
        assert is_headquarters_staff(hq_staff)

    def test_regional_staff(self, staff):
        assert not is_headquarters_staff(staff)


@pytest.mark.django_db
class TestIsEngagementOfficeStaff:
    def test_same_office(self, staff, engagement):
        assert is_office_staff(staff, engagement)

    def test_other_office(self, other_staff, engagement):
        assert not is_office_staff(other_staff, engagement)

    def test_no_office(self, outsider, engagement):
        assert not is_office_staff(outsider, engagement)


@pytest.mark.django_db
class TestChangeEngagementPermission:
    def test_office_staff_allowed(self, staff, engagement):
        assert staff.has_perm("engagements.change_engagement", engagement)

    def test_headquarters_allowed(self, hq_staff, engagement):
        assert hq_staff.has_perm("engagements.change_engagement", engagement)

    def test_other_office_denied(self, other_staff, engagement):
        assert not other_staff.has_perm("engagements.change_engagement", engagement)

    def test_outsider_denied(self, outsider, engagement):
        assert not outsider.has_perm("engagements.change_engagement", engagement)

    def test_add_engagement_staff_only(self, staff, outsider):
        assert staff.has_perm("engagements.add_engagement")
        assert not outsider.has_perm("engagements.add_engagement")


@pytest.mark.django_db
class TestForUser:
    def test_office_staff_see_their_office(self, staff, other_staff, engagement):
        assert list(Engagement.objects.for_user(staff)) == [engagement]
        assert list(Engagement.objects.for_user(other_staff)) == []

    def test_headquarters_see_all(self, hq_staff, engagement):
        assert list(Engagement.objects.for_user(hq_staff)) == [engagement]

    def test_others_see_nothing(self, outsider, engagement):
        assert list(Engagement.objects.for_user(outsider)) == []
        assert list(Engagement.objects.for_user(AnonymousUser())) == []


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["engagement_detail", "planning", "action_plan_pdf", "council"])
def test_pages_of_another_office_are_not_found(client, other_staff, engagement, page):
    from django.urls import reverse

    client.force_login(other_staff)
    assert client.get(reverse(f"engagements:{page}", args=[engagement.pk])).status_code == 404


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client, engagement):
    from django.urls import reverse

    response = client.get(reverse("engagements:planning", args=[engagement.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
