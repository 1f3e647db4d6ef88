"""The Django admin obeys the same rules as the pages (``engagements/admin.py``,
``offices/admin.py``): staff see and change only their office's engagements and records,
headquarters all; every choice offered is limited to what the user may see; a save the
services refuse is an error on the form, never a 500.

The users are given ``is_staff`` and every model permission of the app, as a deployment
would through a group, so that only the office rules stand between them and the data."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from engagements import models
from tests.engagements.test_plan_versions import published  # noqa: F401 (fixture)
from tests.factories import (
    EngagementFactory,
    ParticipantFactory,
    PlanItemFactory,
    StakeholderGroupFactory,
    UserFactory,
    office,
)

#: What the user of another office must never see: the community and records of its engagement.
HIDDEN = "Zedtown"


def let_into_admin(user, *apps):
    """Let ``user`` into the admin with every permission of ``apps`` (engagements by default)."""
    user.is_staff = True
    user.save()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=apps or ["engagements"])
    )
    return user


def admin_url(model: str, view: str = "changelist", *args, app: str = "engagements") -> str:
    return reverse(f"admin:{app}_{model}_{view}", args=args)


def select_values(html: str, name: str) -> set[str]:
    """The non-empty option values of the ``<select name=name>`` in ``html``."""
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no <select name={name}> on the page"
    return set(re.findall(r'<option value="([^"]+)"', match.group(1)))


@pytest.fixture
def own(engagement):
    """Records of ``engagement`` (Mid-Atlantic), named so that a page shows whose they are."""
    group = StakeholderGroupFactory(engagement=engagement, name="Youth")
    return {
        "engagement": engagement,
        "stakeholdergroup": group,
        "participant": ParticipantFactory(
            engagement=engagement, stakeholder_group=group, name="Erie Person"
        ),
        "planitem": PlanItemFactory(engagement=engagement, title="Erie plan item"),
        "actionplan": engagement.action_plan,
        "auditentry": models.AuditEntry.objects.create(
            engagement=engagement, action="created", model="participant", object_repr="Erie Person"
        ),
    }


@pytest.fixture
def hidden(other_staff):
    """The same records, of a Southwest engagement, every one of them marked ``HIDDEN``."""
    engagement = EngagementFactory(
        community=HIDDEN, state="TX", office=office("southwest"), lead_staff=other_staff
    )
    group = StakeholderGroupFactory(engagement=engagement, name=f"{HIDDEN} clergy")
    return {
        "engagement": engagement,
        "stakeholdergroup": group,
        "participant": ParticipantFactory(
            engagement=engagement, stakeholder_group=group, name=f"{HIDDEN} Person"
        ),
        "planitem": PlanItemFactory(engagement=engagement, title=f"{HIDDEN} plan item"),
        "actionplan": engagement.action_plan,
        "auditentry": models.AuditEntry.objects.create(
            engagement=engagement,
            action="created",
            model="participant",
            object_repr=f"{HIDDEN} Person",
        ),
    }


@pytest.fixture
def staff_admin(client, staff):
    client.force_login(let_into_admin(staff))
    return client


@pytest.fixture
def hq_admin(client, hq_staff):
    client.force_login(let_into_admin(hq_staff))
    return client


MODELS = ["engagement", "participant", "stakeholdergroup", "planitem", "actionplan", "auditentry"]


class TestChangelists:
    @pytest.mark.parametrize("model", MODELS)
    def test_staff_see_their_office_only(self, staff_admin, own, hidden, model):
        response = staff_admin.get(admin_url(model))
        assert response.status_code == 200
        assert "Erie" in response.text
        assert HIDDEN not in response.text

    @pytest.mark.parametrize("model", MODELS)
    def test_headquarters_see_every_office(self, hq_admin, own, hidden, model):
        response = hq_admin.get(admin_url(model))
        assert response.status_code == 200
        assert "Erie" in response.text
        assert HIDDEN in response.text

    def test_superusers_see_every_office(self, client, own, hidden):
        client.force_login(UserFactory(office=None, is_staff=True, is_superuser=True))
        assert HIDDEN in client.get(admin_url("participant")).text
        choices = select_values(client.get(admin_url("participant", "add")).text, "engagement")
        assert choices == {str(own["engagement"].pk), str(hidden["engagement"].pk)}

    def test_no_office_sees_nothing(self, client, outsider, own, hidden):
        client.force_login(let_into_admin(outsider))
        response = client.get(admin_url("participant"))
        assert response.status_code == 200
        assert "Erie" not in response.text
        assert HIDDEN not in response.text


class TestAnotherOfficesRecord:
    @pytest.mark.parametrize("model", MODELS)
    def test_change_page_does_not_exist(self, staff_admin, hidden, model):
        response = staff_admin.get(admin_url(model, "change", hidden[model].pk), follow=True)
        assert response.redirect_chain[-1][0] == reverse("admin:index")
        assert HIDDEN not in response.text

    @pytest.mark.parametrize("model", ["engagement", "participant", "actionplan"])
    def test_history_does_not_exist(self, staff_admin, own, hidden, model):
        assert staff_admin.get(admin_url(model, "history", own[model].pk)).status_code == 200
        response = staff_admin.get(admin_url(model, "history", hidden[model].pk))
        assert response.status_code == 404
        assert HIDDEN not in response.text

    def test_version_does_not_exist(self, staff_admin, hidden):
        participant = hidden["participant"]
        version = participant.history.latest()
        url = admin_url("participant", "simple_history", participant.pk, version.history_id)
        response = staff_admin.get(url)
        assert response.status_code == 404
        assert HIDDEN not in response.text

    def test_not_changed(self, staff_admin, hidden):
        participant = hidden["participant"]
        staff_admin.post(
            admin_url("participant", "change", participant.pk),
            {"name": "Renamed", "stakeholder_group": participant.stakeholder_group_id},
        )
        participant.refresh_from_db()
        assert participant.name == f"{HIDDEN} Person"

    def test_not_deleted(self, staff_admin, hidden):
        participant = hidden["participant"]
        staff_admin.post(admin_url("participant", "delete", participant.pk), {"post": "yes"})
        assert models.Participant.objects.filter(pk=participant.pk).exists()


def engagement_data(**overrides):
    data = {
        "community": "Scranton",
        "state": "PA",
        "office": office("mid-atlantic").pk,
        "law_enforcement_agencies": "Scranton Police Department",
        "origin": "proactive",
        "languages": "[]",
        "opened_on": "2024-05-01",
    }
    return {**data, **overrides}


class TestAddEngagement:
    def test_for_their_own_office_through_the_service(self, staff_admin, staff):
        response = staff_admin.post(
            admin_url("engagement", "add"), engagement_data(lead_staff=staff.pk)
        )
        assert response.status_code == 302
        engagement = models.Engagement.objects.get(community="Scranton")
        assert engagement.action_plan.status == "draft"
        assert models.AuditEntry.objects.filter(engagement=engagement, action="created").exists()

    def test_for_another_office_refused(self, staff_admin, other_staff):
        response = staff_admin.post(
            admin_url("engagement", "add"),
            engagement_data(
                community="Lubbock",
                state="TX",
                office=office("southwest").pk,
                lead_staff=other_staff.pk,
            ),
        )
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "office" in errors
        assert "lead_staff" in errors
        assert not models.Engagement.objects.filter(community="Lubbock").exists()

    def test_offers_their_office_and_its_staff_only(
        self, staff_admin, staff, other_staff, hq_staff
    ):
        colleague = UserFactory(office=office("mid-atlantic"))
        response = staff_admin.get(admin_url("engagement", "add"))
        assert select_values(response.text, "office") == {str(office("mid-atlantic").pk)}
        assert select_values(response.text, "lead_staff") == {str(staff.pk), str(colleague.pk)}

    def test_headquarters_choose_the_lead_among_the_offices_staff(
        self, hq_admin, staff, other_staff
    ):
        response = hq_admin.get(admin_url("engagement", "add"))
        assert {str(staff.pk), str(other_staff.pk)} <= select_values(response.text, "lead_staff")
        response = hq_admin.post(
            admin_url("engagement", "add"), engagement_data(lead_staff=other_staff.pk)
        )
        assert response.status_code == 200
        assert "lead_staff" in response.context["adminform"].form.errors
        assert not models.Engagement.objects.filter(community="Scranton").exists()


class TestRecordChoices:
    def test_participant_add_form_offers_their_office_only(self, staff_admin, own, hidden):
        response = staff_admin.get(admin_url("participant", "add"))
        assert response.status_code == 200
        assert select_values(response.text, "engagement") == {str(own["engagement"].pk)}
        assert select_values(response.text, "stakeholder_group") == {
            str(own["stakeholdergroup"].pk)
        }
        assert HIDDEN not in response.text

    def test_participant_change_form_offers_its_engagement_only(self, hq_admin, own, hidden):
        response = hq_admin.get(admin_url("participant", "change", own["participant"].pk))
        assert select_values(response.text, "stakeholder_group") == {
            str(own["stakeholdergroup"].pk)
        }

    @pytest.mark.parametrize("field", ["engagement", "stakeholder_group"])
    def test_participant_for_another_office_refused(self, staff_admin, own, hidden, field):
        data = {
            "engagement": own["engagement"].pk,
            "stakeholder_group": own["stakeholdergroup"].pk,
            "name": "New Person",
            "preferred_language": "en",
        }
        data[field] = hidden[field.replace("_", "")].pk
        response = staff_admin.post(admin_url("participant", "add"), data)
        assert response.status_code == 200
        assert field in response.context["adminform"].form.errors
        assert not models.Participant.objects.filter(name="New Person").exists()

    def test_participant_added_through_the_service(self, staff_admin, own):
        response = staff_admin.post(
            admin_url("participant", "add"),
            {
                "engagement": own["engagement"].pk,
                "stakeholder_group": own["stakeholdergroup"].pk,
                "name": "New Person",
                "preferred_language": "en",
            },
        )
        assert response.status_code == 302
        participant = models.Participant.objects.get(name="New Person")
        assert participant.engagement == own["engagement"]
        assert models.AuditEntry.objects.filter(
            model="participant", object_id=participant.pk, action="created"
        ).exists()


class TestRefusedByTheServices:
    def test_save_is_a_form_error(self, staff_admin, own):
        """The case-insensitive unique name involves the engagement, which is not a model
        form field: only the service's ``full_clean`` sees it."""
        response = staff_admin.post(
            admin_url("stakeholdergroup", "add"),
            {"engagement": own["engagement"].pk, "name": "youth", "description": ""},
        )
        assert response.status_code == 200
        assert "already has a stakeholder group of that name" in response.text
        assert models.StakeholderGroup.objects.filter(engagement=own["engagement"]).count() == 1

    def test_delete_is_a_message(self, staff_admin, own):
        plan = own["actionplan"]
        plan.status = "published"
        plan.save()
        item = own["planitem"]
        response = staff_admin.post(
            admin_url("planitem", "delete", item.pk), {"post": "yes"}, follow=True
        )
        assert response.status_code == 200
        assert models.PlanItem.objects.filter(pk=item.pk).exists()
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
        assert not models.AuditEntry.objects.filter(action="deleted").exists()


class TestUsers:
    @pytest.fixture
    def users_admin(self, client, staff):
        client.force_login(let_into_admin(staff, "engagements", "offices"))
        return client

    def test_staff_manage_their_office_only(self, users_admin, staff, other_staff, hq_staff):
        colleague = UserFactory(username="colleague", office=office("mid-atlantic"))
        root = UserFactory(username="root", office=office("mid-atlantic"), is_superuser=True)
        response = users_admin.get(admin_url("user", app="offices"))
        assert set(response.context["cl"].result_list) == {staff, colleague}
        for user in (other_staff, hq_staff, root):
            response = users_admin.get(admin_url("user", "change", user.pk, app="offices"))
            assert response.status_code == 302
        assert (
            users_admin.get(admin_url("user", "change", colleague.pk, app="offices")).status_code
            == 200
        )

    def test_staff_cannot_move_or_promote_anyone(self, users_admin, staff):
        url = admin_url("user", "change", staff.pk, app="offices")
        assert select_values(users_admin.get(url).text, "office") == {
            str(office("mid-atlantic").pk)
        }
        response = users_admin.post(
            url,
            {
                "username": "staff",
                "office": office("headquarters").pk,
                "is_active": "on",
                "is_staff": "on",
                "is_superuser": "on",
                "date_joined_0": "2024-01-01",
                "date_joined_1": "00:00:00",
            },
        )
        assert response.status_code == 200
        assert "office" in response.context["adminform"].form.errors
        response = users_admin.post(
            url,
            {
                "username": "staff",
                "office": office("mid-atlantic").pk,
                "is_active": "on",
                "is_superuser": "on",
                "date_joined_0": "2024-01-01",
                "date_joined_1": "00:00:00",
            },
        )
        assert response.status_code == 302
        staff.refresh_from_db()
        assert not staff.is_superuser
        assert staff.office == office("mid-atlantic")

    def test_headquarters_manage_every_office(self, client, hq_staff, staff, other_staff):
        client.force_login(let_into_admin(hq_staff, "engagements", "offices"))
        UserFactory(username="root", is_superuser=True)  # not even listed
        response = client.get(admin_url("user", app="offices"))
        assert set(response.context["cl"].result_list) == {hq_staff, staff, other_staff}

    def test_offices_change_for_superusers_only(self, users_admin):
        southwest = office("southwest")
        url = admin_url("office", "change", southwest.pk, app="offices")
        assert users_admin.get(url).status_code == 200
        response = users_admin.post(url, {"code": "southwest", "kind": "headquarters"})
        assert response.status_code == 403
        southwest.refresh_from_db()
        assert southwest.kind == "regional"


class TestObjectPermissions:
    """Each object is checked with its django-rules permission too, not only found in the
    list: the admin's own checks give the same answer as the pages."""

    @pytest.mark.parametrize("model", ["participant", "planitem", "auditentry"])
    def test_another_offices_record(self, rf, staff, own, hidden, model):
        request = rf.get("/")
        request.user = let_into_admin(staff)
        model_admin = admin.site._registry[type(own[model])]
        assert model_admin.has_view_permission(request, own[model])
        assert not model_admin.has_view_permission(request, hidden[model])
        if model != "auditentry":
            assert model_admin.has_change_permission(request, own[model])
            assert model_admin.has_delete_permission(request, own[model])
            assert not model_admin.has_change_permission(request, hidden[model])
            assert not model_admin.has_delete_permission(request, hidden[model])


def test_published_versions_are_read_only_and_scoped_in_the_admin(
    client, staff, other_staff, engagement, published  # noqa: F811 (the fixture)
):
    """A version of the plan is the plan as published: the admin shows it to the plan's staff,
    with nothing to change or delete, and to no one of another office."""
    version = published["version"]
    let_into_admin(staff)
    let_into_admin(other_staff)

    client.force_login(staff)
    assert str(engagement) in client.get(admin_url("actionplanversion")).content.decode()
    page = client.get(admin_url("actionplanversion", "change", version.pk))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(admin_url("actionplanversion", "delete", version.pk)).status_code == 403
    assert client.get(admin_url("actionplanversion", "add")).status_code == 403
    snapshot = models.ActionPlanVersion.objects.get(pk=version.pk).snapshot
    assert snapshot == version.snapshot

    client.force_login(other_staff)
    assert str(engagement) not in client.get(admin_url("actionplanversion")).content.decode()
    other = client.get(admin_url("actionplanversion", "change", version.pk))
    assert other.status_code in (302, 404)
