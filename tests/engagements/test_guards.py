"""No lost and no doubled writes: edit forms carry the version they were opened on, create
forms a one-time token (``engagements/services/guards.py``)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from engagements import services
from engagements.models import CouncilMeeting, Engagement, PlanningGroupMember, Strength
from tests.engagements.test_engagement_views import form_data
from tests.factories import (
    BreakoutGroupFactory,
    IssueFactory,
    PlanItemFactory,
    PlanningGroupMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def hidden(response, name: str) -> str:
    """The value of the hidden input ``name`` (without prefix) on the page."""
    match = re.search(rf'name="(?:[\w-]+-)?{name}" value="([^"]*)"', response.content.decode())
    assert match, f"no hidden {name} on the page"
    return match.group(1)


@pytest.fixture
def colleague(staff):
    """A second staff member of the same office, in a browser of their own."""
    client = Client()
    client.force_login(UserFactory(username="colleague", office=staff.office, first_name="Kim"))
    return client


MEMBER_FORM = {
    "name": "Pat Lee",
    "affiliation": "Erie Police Department",
    "sector": "law_enforcement",
    "role": "",
    "email": "",
    "phone": "",
}


def member_data(response, **changes) -> dict:
    return {**MEMBER_FORM, "opened_version": hidden(response, "opened_version"), **changes}


def test_stale_edit_is_refused_and_both_versions_are_shown(staff_client, colleague, engagement):
    """Guards lost updates: two staff open the same record; the second save made on the
    outdated version is refused, shows the saved and the typed values, keeps what was typed,
    and saving again from that page replaces the saved version (the person chose)."""
    member = PlanningGroupMemberFactory(
        engagement=engagement, **{**MEMBER_FORM, "sector": "law_enforcement"}
    )
    url = reverse("engagements:planninggroupmember_update", args=[engagement.pk, member.pk])
    mine = staff_client.get(url)
    theirs = colleague.get(url)

    saved = colleague.post(url, member_data(theirs, affiliation="Erie County Sheriff"))
    assert saved.status_code == 302

    refused = staff_client.post(url, member_data(mine, affiliation="Erie Bureau of Police"))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "This record changed while you were editing it" in page
    assert "Erie County Sheriff" in page  # the saved version
    assert 'value="Erie Bureau of Police"' in page  # what was typed stays in the form
    assert "Kim" in page  # who saved it
    member.refresh_from_db()
    assert member.affiliation == "Erie County Sheriff"

    kept = staff_client.post(url, member_data(refused, affiliation="Erie Bureau of Police"))
    assert kept.status_code == 302
    member.refresh_from_db()
    assert member.affiliation == "Erie Bureau of Police"


def test_edit_on_the_current_version_saves(staff_client, colleague, staff, stakeholder_groups):
    """A change outside the form's fields (the stakeholder group moved in its list by a
    colleague) is no conflict: the save goes through."""
    youth = stakeholder_groups[0]
    url = reverse("engagements:stakeholdergroup_update", args=[youth.engagement_id, youth.pk])
    page = staff_client.get(url)
    services.record_move(record=youth, user=staff, offset=1)
    response = staff_client.post(
        url,
        {
            "name": "Youth",
            "description": "Ages 16-24",
            "opened_version": hidden(page, "opened_version"),
        },
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    assert (youth.description, youth.order) == ("Ages 16-24", 1)


def test_engagement_details_edit_is_guarded(staff_client, colleague, engagement):
    """The engagement's own form (a model outside ``EngagementRecord``) is guarded too."""
    url = reverse("engagements:program_day_update", args=[engagement.pk])
    mine, theirs = staff_client.get(url), colleague.get(url)
    data = {"program_date": "2026-05-02", "program_address": ""}
    colleague.post(
        url,
        {
            **data,
            "program_venue": "Bethel AME Church",
            "opened_version": hidden(theirs, "opened_version"),
        },
    )
    refused = staff_client.post(
        url,
        {
            **data,
            "program_venue": "Erie High School",
            "opened_version": hidden(mine, "opened_version"),
        },
    )
    assert refused.status_code == 200
    assert "Bethel AME Church" in refused.content.decode()
    engagement.refresh_from_db()
    assert engagement.program_venue == "Bethel AME Church"


def test_version_counts_links(engagement, staff):
    """A plan item's version changes when its linked priority issues change (a many-to-many
    field the form edits), not only when its own columns do."""
    from engagements.services.guards import StaleEdit, record_version

    item = PlanItemFactory(engagement=engagement)
    issue = IssueFactory(engagement=engagement, is_priority=True)
    fields = ["title", "issues"]
    opened = record_version(item, fields)
    services.links_set(record=item, field_name="issues", targets=[issue], user=staff)
    assert record_version(item, fields) != opened
    with pytest.raises(StaleEdit):
        services.record_update(
            record=item, user=staff, expected_version=opened, version_fields=fields
        )


def test_double_submitted_create_form_stores_once(staff_client, engagement):
    """Guards doubled creates: the same rendered form posted twice (double click, reload,
    retry) stores one record; the second post says it was already saved."""
    url = reverse("engagements:councilmeeting_create", args=[engagement.pk])
    token = hidden(staff_client.get(url), "form_token")
    data = {
        "held_on": "2026-06-01",
        "location": "City Hall",
        "agenda": "",
        "minutes": "",
        "form_token": token,
    }
    first = staff_client.post(url, data)
    second = staff_client.post(url, data, follow=True)
    assert first.status_code == 302
    assert CouncilMeeting.objects.filter(engagement=engagement).count() == 1
    assert "already sent and saved" in second.content.decode()
    # A new rendering of the form is a new form: it saves a second meeting.
    data["form_token"] = hidden(staff_client.get(url), "form_token")
    staff_client.post(url, data)
    assert CouncilMeeting.objects.filter(engagement=engagement).count() == 2


def test_double_submitted_note_and_engagement_store_once(staff_client, staff, engagement):
    """The breakout note form (prefixed, several on one page) and opening an engagement are
    guarded the same way."""
    group = BreakoutGroupFactory(engagement=engagement)
    url = reverse("engagements:breakoutgroup_detail", args=[engagement.pk, group.pk])
    token = hidden(staff_client.get(url), "form_token")
    note = {"kind": "strength", "strength-text": "Youth programs", "strength-form_token": token}
    staff_client.post(url, note)
    staff_client.post(url, note)
    assert Strength.objects.filter(group=group).count() == 1

    url = reverse("engagements:engagement_create")
    data = {**form_data(staff), "form_token": hidden(staff_client.get(url), "form_token")}
    assert staff_client.post(url, data).status_code == 302
    assert staff_client.post(url, data).status_code == 302
    assert Engagement.objects.filter(community=data["community"]).count() == 1


def test_a_refused_create_does_not_use_up_its_token(staff_client, engagement):
    """A form refused for bad input can be corrected and sent again with the same token."""
    url = reverse("engagements:councilmeeting_create", args=[engagement.pk])
    token = hidden(staff_client.get(url), "form_token")
    refused = staff_client.post(url, {"held_on": "2026-02-30", "form_token": token})
    assert refused.status_code == 200
    assert hidden(refused, "form_token") == token
    staff_client.post(url, {"held_on": "2026-02-28", "form_token": token})
    assert CouncilMeeting.objects.filter(engagement=engagement).count() == 1


def test_stale_votes_are_refused_per_issue(staff_client, colleague, engagement):
    """The dot-vote page edits every issue at once: votes entered on an outdated page are
    refused with the issue whose saved tally differs, and saved after the person confirms."""
    trust = IssueFactory(engagement=engagement, text="Trust", dot_votes=0)
    url = reverse("engagements:issue_vote", args=[engagement.pk])
    mine, theirs = staff_client.get(url), colleague.get(url)
    colleague.post(
        url, {f"votes_{trust.pk}": "12", "opened_version": hidden(theirs, "opened_version")}
    )
    refused = staff_client.post(
        url, {f"votes_{trust.pk}": "9", "opened_version": hidden(mine, "opened_version")}
    )
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "12 dots" in page and "9 dots" in page
    trust.refresh_from_db()
    assert trust.dot_votes == 12
    staff_client.post(
        url, {f"votes_{trust.pk}": "9", "opened_version": hidden(refused, "opened_version")}
    )
    trust.refresh_from_db()
    assert trust.dot_votes == 9


def test_stale_attendance_is_refused(staff_client, colleague, engagement):
    """Attendance of a training session (every facilitator on one page) is guarded too."""
    from engagements.models import TrainingAttendance
    from tests.factories import FacilitatorFactory, TrainingSessionFactory

    session = TrainingSessionFactory(engagement=engagement)
    ana = FacilitatorFactory(engagement=engagement, name="Ana Ruiz")
    url = reverse("engagements:trainingsession_attendance", args=[engagement.pk, session.pk])
    mine, theirs = staff_client.get(url), colleague.get(url)
    field = f"facilitator_{ana.pk}"
    colleague.post(url, {field: "completed", "opened_version": hidden(theirs, "opened_version")})
    refused = staff_client.post(
        url, {field: "attended", "opened_version": hidden(mine, "opened_version")}
    )
    assert refused.status_code == 200
    assert "This record changed while you were editing it" in refused.content.decode()
    assert TrainingAttendance.objects.get(facilitator=ana).completed


def test_afternoon_groups_saved_meanwhile_are_not_replaced_silently(staff, engagement):
    """Saving a proposal of afternoon groups on a page opened before someone else saved
    theirs is refused (``StaleEdit``); with the current version it replaces them."""
    from engagements.services.breakouts import afternoon_groups_version
    from engagements.services.guards import StaleEdit

    opened = afternoon_groups_version(engagement)
    BreakoutGroupFactory(
        engagement=engagement, round="heterogeneous", stakeholder_group=None, name="Group 1"
    )
    with pytest.raises(StaleEdit):
        services.afternoon_groups_save(
            engagement=engagement,
            groups={},
            facilitators={},
            user=staff,
            expected_version=opened,
        )
    assert afternoon_groups_version(engagement) != opened


def test_old_form_tokens_are_pruned(staff):
    """``prune_form_submissions`` deletes the tokens older than its days, and only those."""
    import datetime
    import io
    import uuid

    from django.core.management import call_command
    from django.utils import timezone

    from engagements.models import FormSubmission

    old = FormSubmission.objects.create(token=uuid.uuid4(), user=staff)
    FormSubmission.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = FormSubmission.objects.create(token=uuid.uuid4(), user=staff)
    out = io.StringIO()
    call_command("prune_form_submissions", stdout=out)
    assert "1 form tokens" in out.getvalue()
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]


def test_admin_edit_is_guarded_too(client, staff, engagement):
    """The admin's change form carries the version it was opened on: a save over a newer
    version is refused with a message and changes nothing; its add form carries a one-time
    token: posted twice, one record."""
    admin_user = UserFactory(username="root", office=staff.office, is_staff=True)
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    member = PlanningGroupMemberFactory(engagement=engagement, **MEMBER_FORM)
    url = reverse("admin:engagements_planninggroupmember_change", args=[member.pk])
    opened = hidden(client.get(url), "opened_version")
    member.affiliation = "Erie County Sheriff"
    services.record_update(record=member, user=staff)
    refused = client.post(
        url, {**MEMBER_FORM, "affiliation": "Erie Bureau of Police", "opened_version": opened}
    )
    assert refused.status_code == 200
    assert "Someone else saved a change to this record" in refused.content.decode()
    member.refresh_from_db()
    assert member.affiliation == "Erie County Sheriff"

    add = reverse("admin:engagements_planninggroupmember_add")
    data = {
        **MEMBER_FORM,
        "name": "Jo Kim",
        "engagement": engagement.pk,
        "form_token": hidden(client.get(add), "form_token"),
    }
    client.post(add, data)
    client.post(add, data)
    assert PlanningGroupMember.objects.filter(name="Jo Kim").count() == 1
