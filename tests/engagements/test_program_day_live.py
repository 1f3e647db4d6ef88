"""The program day seen by staff while it runs: the notes of every group (on the page and as
JSON for the page to poll), and closing and reopening the breakout rounds, which ends (and
gives back) the facilitators' right to change that round's notes."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from engagements import models, services
from engagements.views.live import count_label, live_strings
from tests import factories

pytestmark = pytest.mark.django_db

MORNING = models.BreakoutGroup.Round.HOMOGENEOUS
AFTERNOON = models.BreakoutGroup.Round.HETEROGENEOUS


def url(name, engagement):
    return reverse(f"engagements:{name}", args=[engagement.pk])


def add(group, user, text, kind="strength", **kwargs):
    note, _created = services.breakout_note_create(
        group=group, kind=kind, user=user, client_id=uuid.uuid4(), text=text, **kwargs
    )
    return note


@pytest.fixture
def morning_group(engagement):
    return factories.BreakoutGroupFactory(engagement=engagement, name="Youth circle")


@pytest.fixture
def afternoon_group(engagement):
    return factories.BreakoutGroupFactory(
        engagement=engagement, round=AFTERNOON, stakeholder_group=None, name="Mixed table"
    )


@pytest.fixture
def priority_issue(engagement, morning_group, staff):
    issue = add(morning_group, staff, "Officers rarely walk the neighbourhood", kind="issue")
    issue.is_priority = True
    issue.save()
    return issue


@pytest.fixture
def facilitator_user(engagement, morning_group, staff):
    """The account of the morning group's trained facilitator, invited by staff."""
    facilitator = factories.trained_facilitator(engagement)
    morning_group.facilitator = facilitator
    morning_group.save()
    link = services.sign_in_link_create(
        person=facilitator, user=staff, language="en", email="", base_url=""
    )
    return link.user


class TestNotesJson:
    def test_every_group_with_its_notes_in_the_order_they_arrived(
        self, staff_client, staff, engagement, morning_group, afternoon_group, priority_issue
    ):
        add(morning_group, staff, "Churches open their halls")
        add(morning_group, staff, "Neighbours know each other")
        add(
            afternoon_group,
            staff,
            "Monthly walks with officers",
            kind="solution",
            issue_id=priority_issue.pk,
            actions="Pick a route\nInvite the precinct",
        )
        response = staff_client.get(url("program_day_notes", engagement))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert "no-store" in response["Cache-Control"]
        data = response.json()
        assert data["server_time"]
        morning, afternoon = data["groups"]
        assert morning["id"] == morning_group.pk and morning["round"] == MORNING
        assert morning["name"] == "Youth circle"
        assert morning["counts"] == {"strength": 2, "issue": 1}
        assert morning["labels"] == {"strength": "2 strengths", "issue": "1 issue"}
        assert [(n["kind"], n["text"]) for n in morning["notes"]] == [
            ("strength", "Churches open their halls"),
            ("strength", "Neighbours know each other"),
            ("issue", "Officers rarely walk the neighbourhood"),
        ]
        assert set(morning["notes"][0]) == {"kind", "id", "text", "updated_at"}
        assert afternoon["counts"] == {"solution": 1}
        (solution,) = afternoon["notes"]
        assert solution["issue"] == "Officers rarely walk the neighbourhood"
        assert solution["actions"] == "Pick a route\nInvite the precinct"

    def test_a_new_note_is_in_the_next_answer(self, staff_client, staff, engagement, morning_group):
        first = staff_client.get(url("program_day_notes", engagement)).json()
        assert first["groups"][0]["counts"]["strength"] == 0
        note = add(morning_group, staff, "A youth league with officers as coaches")
        second = staff_client.get(url("program_day_notes", engagement)).json()
        assert [n["id"] for n in second["groups"][0]["notes"]] == [note.pk]

    @pytest.mark.parametrize("who", ["other_staff", "outsider", "facilitator_user"])
    def test_refused_to_anyone_but_the_engagements_staff(
        self, client, request, staff, engagement, morning_group, who
    ):
        """Another office, an account without an office, and even a facilitator of one of
        its groups get 404: the JSON lists every group's notes."""
        add(morning_group, staff, "Churches open their halls")
        client.force_login(request.getfixturevalue(who))
        response = client.get(url("program_day_notes", engagement))
        assert response.status_code == 404
        assert b"Churches" not in response.content

    def test_anonymous_is_sent_to_sign_in(self, client, engagement):
        response = client.get(url("program_day_notes", engagement))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_queries_do_not_grow_with_groups_and_notes(
        self, staff_client, staff, engagement, django_assert_max_num_queries
    ):
        """About 15 groups and a few hundred notes: the same handful of queries as one."""
        group = factories.BreakoutGroupFactory(engagement=engagement)
        add(group, staff, "The first strength")
        with django_assert_max_num_queries(12) as few:
            staff_client.get(url("program_day_notes", engagement))
        for i in range(14):
            group = factories.BreakoutGroupFactory(engagement=engagement)
            for j in range(10):
                models.Strength.objects.create(
                    engagement=engagement, group=group, text=f"Strength {i}-{j}"
                )
                models.Issue.objects.create(engagement=engagement, group=group, text=f"Issue {j}")
        with django_assert_max_num_queries(len(few.captured_queries)):
            data = staff_client.get(url("program_day_notes", engagement)).json()
        assert sum(sum(g["counts"].values()) for g in data["groups"]) == 281

    def test_farsi_counts_in_persian_digits(self):
        with translation.override("fa"):
            assert "۳" in count_label("strength", 3)
            assert "۱۲" in live_strings()["new_notes"]["12"]


class TestProgramDayPage:
    def test_notes_shown_group_by_group_without_javascript(
        self, staff_client, staff, engagement, morning_group
    ):
        add(morning_group, staff, "Churches open their halls")
        response = staff_client.get(url("program_day", engagement))
        content = response.content.decode()
        assert "Notes from the morning groups" in content
        assert "Churches open their halls" in content
        assert "1 strength" in content and "0 issues" in content
        assert 'src="/static/engagements/program-day-live.js"' in content
        assert 'id="program-day-live-config"' in content
        assert response.context["live_config"]["url"] == url("program_day_notes", engagement)

    def test_round_open_with_a_button_to_close_it(self, staff_client, engagement, morning_group):
        content = staff_client.get(url("program_day", engagement)).content.decode()
        assert url("morning_round_close", engagement) in content
        assert "Close the morning breakout sessions" in content


class TestClosingRounds:
    def test_get_asks_to_confirm_and_explains_and_changes_nothing(
        self, staff_client, engagement, morning_group
    ):
        response = staff_client.get(url("morning_round_close", engagement))
        content = response.content.decode()
        assert response.status_code == 200
        assert "can no longer add, change or delete" in content
        assert "sign-in links stop working a week later" in content
        engagement.refresh_from_db()
        assert engagement.morning_closed_at is None

    def test_close_then_reopen_with_audit_entries(
        self, staff_client, staff, engagement, morning_group
    ):
        response = staff_client.post(url("morning_round_close", engagement))
        assert response.status_code == 302
        assert response["Location"].endswith("/program-day/#morning-heading")
        engagement.refresh_from_db()
        assert engagement.morning_closed_at is not None
        assert engagement.afternoon_closed_at is None
        entry = models.AuditEntry.objects.get(engagement=engagement)
        assert entry.action == models.AuditEntry.Action.MORNING_CLOSED
        assert entry.actor == staff
        assert entry.step == 3  # in the program day's history

        page = staff_client.get(url("program_day", engagement)).content.decode()
        assert "Closed on" in page
        assert f">{staff}</bdi>: facilitators can no longer change these notes." in page
        assert url("morning_round_reopen", engagement) in page

        staff_client.post(url("morning_round_reopen", engagement))
        engagement.refresh_from_db()
        assert engagement.morning_closed_at is None
        assert list(
            models.AuditEntry.objects.filter(engagement=engagement)
            .order_by("pk")
            .values_list("action", flat=True)
        ) == ["morning_closed", "morning_reopened"]

    def test_closing_a_closed_round_again_writes_nothing(
        self, staff_client, engagement, morning_group
    ):
        staff_client.post(url("afternoon_round_close", engagement))
        engagement.refresh_from_db()
        closed_at = engagement.afternoon_closed_at
        response = staff_client.post(url("afternoon_round_close", engagement), follow=True)
        assert "already closed" in response.content.decode()
        engagement.refresh_from_db()
        assert engagement.afternoon_closed_at == closed_at
        assert models.AuditEntry.objects.filter(engagement=engagement).count() == 1

    @pytest.mark.parametrize("who", ["other_staff", "outsider", "facilitator_user"])
    def test_refused_close_is_404_and_changes_nothing(
        self, client, request, engagement, morning_group, who
    ):
        client.force_login(request.getfixturevalue(who))
        for name in ("morning_round_close", "afternoon_round_close"):
            assert client.get(url(name, engagement)).status_code == 404
            assert client.post(url(name, engagement)).status_code == 404
        engagement.refresh_from_db()
        assert engagement.morning_closed_at is None and engagement.afternoon_closed_at is None
        assert not models.AuditEntry.objects.filter(action__endswith="_closed").exists()

    def test_facilitator_writes_refused_after_close_staff_still_allowed(
        self, staff_client, staff, engagement, morning_group, facilitator_user
    ):
        note = add(morning_group, facilitator_user, "Churches open their halls")
        staff_client.post(url("morning_round_close", engagement))
        # As the facilitator's next request loads them.
        morning_group = models.BreakoutGroup.objects.get(pk=morning_group.pk)
        note = models.Strength.objects.select_related("group__engagement").get(pk=note.pk)
        with pytest.raises(PermissionDenied):
            add(morning_group, facilitator_user, "Added after the close")
        with pytest.raises(PermissionDenied):
            services.breakout_note_update(
                note=note, user=facilitator_user, base_revision=note.revision, text="Changed"
            )
        with pytest.raises(PermissionDenied):
            services.breakout_note_delete(
                note=note, user=facilitator_user, base_revision=note.revision
            )
        add(morning_group, staff, "Staff typing up a paper sheet")
        assert models.Strength.objects.filter(group=morning_group).count() == 2

        staff_client.post(url("morning_round_reopen", engagement))
        morning_group = models.BreakoutGroup.objects.get(pk=morning_group.pk)
        add(morning_group, facilitator_user, "Added after reopening")
        assert models.Strength.objects.filter(group=morning_group).count() == 3

    def test_closing_the_morning_leaves_the_afternoon_open(
        self, staff_client, staff, engagement, afternoon_group, priority_issue, facilitator_user
    ):
        second = factories.trained_facilitator(engagement)
        afternoon_group.facilitator = second
        afternoon_group.save()
        user = services.sign_in_link_create(
            person=second, user=staff, language="en", email="", base_url=""
        ).user
        staff_client.post(url("morning_round_close", engagement))
        afternoon_group = models.BreakoutGroup.objects.get(pk=afternoon_group.pk)
        add(afternoon_group, user, "Monthly walks", kind="solution", issue_id=priority_issue.pk)
        assert models.Solution.objects.count() == 1
