"""Step 3: the roster imported from CSV. Bounded (size and rows), previewed before anything
is saved, and never adding the same person twice (``services.participant_rows_read``,
``services.participants_import`` and the two pages that call them)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engagements import services
from engagements.models import AuditEntry, Participant
from engagements.services import breakouts as roster_service
from tests.factories import EngagementFactory, ParticipantFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db

HEADER = "name,stakeholder_group,preferred_language,organisation,email\n"
TWO_ROWS = (
    HEADER + "Jordan Lee,Youth,en,Central High,\nMinh Tran,youth,Vietnamese,,minh@example.org\n"
)


def import_url(engagement):
    return reverse("engagements:participant_import", args=[engagement.pk])


def preview_url(engagement):
    return reverse("engagements:participant_import_preview", args=[engagement.pk])


def upload(client, engagement, data, name="roster.csv"):
    if isinstance(data, str):
        data = data.encode("utf-8")
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(import_url(engagement), {"file": file})


def token_of(response) -> str:
    """The token of the preview an upload redirected to."""
    assert response.status_code == 302, response.content.decode()[:2000]
    location = urlsplit(response["Location"])
    assert location.path.endswith("/participants/import/preview/")
    return parse_qs(location.query)["token"][0]


def staged(client, engagement, text) -> str:
    """Upload ``text`` and return the token of its preview."""
    return token_of(upload(client, engagement, text))


def finish(client, engagement, token, action="confirm"):
    return client.post(preview_url(engagement), {"token": token, "action": action}, follow=True)


def form_errors(response) -> list[str]:
    assert response.status_code == 200
    return response.context["form"].errors.get("file", [])


# -- limits and files that are no roster ---------------------------------------------------


class TestLimits:
    def test_more_rows_than_the_limit_is_refused_with_the_limit_named(
        self, staff_client, engagement, stakeholder_groups
    ):
        text = HEADER + "".join(f"Person {i},Youth,,,\n" for i in range(2001))
        response = upload(staff_client, engagement, text)
        assert form_errors(response) == [
            "The file has more than 2,000 rows; split it into files of at most 2,000 "
            "participants and import them one after the other."
        ]
        assert "more than 2,000 rows" in response.content.decode()
        assert not Participant.objects.exists()
        assert not staff_client.session.get("roster_imports")

    def test_the_limit_counts_data_rows_not_blank_ones(
        self, staff_client, engagement, stakeholder_groups, monkeypatch
    ):
        monkeypatch.setattr(roster_service, "ROSTER_MAX_ROWS", 3)
        rows = "".join(f"Person {i},Youth,,,\n" for i in range(3))
        token = staged(staff_client, engagement, HEADER + rows + "\n,,,,\n\n")
        finish(staff_client, engagement, token)
        assert Participant.objects.count() == 3
        response = upload(staff_client, engagement, HEADER + rows + "One more,Youth,,,\n")
        assert "more than 3 rows" in form_errors(response)[0]

    def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
        self, staff_client, engagement, stakeholder_groups
    ):
        text = HEADER + "Jordan Lee,Youth,en,,\n" + "x" * (1536 * 1024)
        response = upload(staff_client, engagement, text)
        (error,) = form_errors(response)
        assert error.startswith("The file is larger than 1.0\xa0MB (it has 1.5\xa0MB).")
        assert "split it" in error
        assert not Participant.objects.exists()

    def test_a_header_only_file_says_so(self, staff_client, engagement, stakeholder_groups):
        response = upload(staff_client, engagement, HEADER + "\n,,,,\n")
        assert form_errors(response) == ["The file has column names but no participants."]
        assert "The file has column names but no participants." in response.content.decode()

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"", "The submitted file is empty."),
            (b"\n \n", "The file is empty."),
            ("full name,group\nA,B\n", "The header row must name the columns name, "),
            ("name,group\nA,B\n", "The header row must name the columns stakeholder_group."),
            ("name,stakeholder_group\nJosé,Youth\n".encode("utf-16"), "is not UTF-8 text"),
            ("name,stakeholder_group\nJose,Youth\n".encode("utf-16-le"), "NUL characters"),
            ("name,stakeholder_group\nA\x00B,Youth\n", "NUL characters"),
            (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U0#\xf4", "not UTF-8 text"),
            ('name,stakeholder_group\n"' + "x" * 200_000 + '",Youth\n', "not a readable CSV"),
        ],
        ids=[
            "empty",
            "blank",
            "columns",
            "one column",
            "utf-16",
            "utf-16-le",
            "nul",
            "xlsx",
            "huge field",
        ],
    )
    def test_a_file_that_is_no_roster_gets_a_clear_message(
        self, staff_client, engagement, stakeholder_groups, data, message
    ):
        response = upload(staff_client, engagement, data)
        (error,) = form_errors(response)
        assert message in error
        assert not Participant.objects.exists()


# -- the preview ---------------------------------------------------------------------------


class TestPreview:
    def test_preview_shows_the_rows_and_saves_nothing(
        self, staff_client, engagement, stakeholder_groups
    ):
        text = TWO_ROWS + "Sam Park,Bowling League,ko,,\n"
        token = staged(staff_client, engagement, text)
        response = staff_client.get(preview_url(engagement), {"token": token})
        content = response.content.decode()
        assert response.status_code == 200
        assert [row["name"] for row in response.context["accepted_page"]] == [
            "Jordan Lee",
            "Minh Tran",
        ]
        assert response.context["accepted_page"][1]["language"] == "Vietnamese"
        assert "Import 2 participants" in content
        assert "Unknown stakeholder group “\u2068Bowling League\u2069”." in content  # isolated
        assert "Nothing has been saved yet." in content
        assert not Participant.objects.exists()
        assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORTED).exists()

    def test_rejected_rows_are_listed_with_their_line_and_reason(
        self, staff_client, engagement, stakeholder_groups
    ):
        text = TWO_ROWS + (
            ",Youth,en,,\n"
            "Sam Park,Bowling League,ko,,\n"
            "Ana Ruiz,Faith/Clergy,xx,,\n"
            "Li Wei,Faith/Clergy,zh-hant,,not-an-email\n"
        )
        token = staged(staff_client, engagement, text)
        response = staff_client.get(preview_url(engagement), {"token": token})
        content = response.content.decode()
        assert [line for line, _row, _errors in response.context["rejected_page"]] == [4, 5, 6, 7]
        assert "Unknown stakeholder group “\u2068Bowling League\u2069”." in content  # isolated
        assert "Enter a valid email address." in content
        assert "This field cannot be blank." in content
        assert "is not a valid choice." in content
        finish(staff_client, engagement, token)
        assert set(Participant.objects.values_list("name", flat=True)) == {
            "Jordan Lee",
            "Minh Tran",
        }

    def test_confirm_imports_the_rows_and_says_how_many(
        self, staff_client, engagement, stakeholder_groups, staff
    ):
        token = staged(staff_client, engagement, TWO_ROWS + ",Youth,,,\n")
        response = finish(staff_client, engagement, token)
        assert response.redirect_chain[-1][0] == reverse(
            "engagements:participant_list", args=[engagement.pk]
        )
        assert "2 participants imported." in response.content.decode()
        assert set(Participant.objects.values_list("name", flat=True)) == {
            "Jordan Lee",
            "Minh Tran",
        }
        assert Participant.objects.get(name="Minh Tran").preferred_language == "vi"
        entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORTED)
        assert (entry.count, entry.actor, entry.model) == (2, staff, "participant")
        history = Participant.history.filter(history_type="+")
        assert sorted(history.values_list("name", "history_user")) == [
            ("Jordan Lee", staff.pk),
            ("Minh Tran", staff.pk),
        ]

    def test_cancel_saves_nothing_and_forgets_the_rows(
        self, staff_client, engagement, stakeholder_groups
    ):
        token = staged(staff_client, engagement, TWO_ROWS)
        response = finish(staff_client, engagement, token, action="cancel")
        assert "Import cancelled; nothing was saved." in response.content.decode()
        response = finish(staff_client, engagement, token)
        assert "This preview has expired or was cancelled" in response.content.decode()
        assert not Participant.objects.exists()

    def test_two_previews_in_two_tabs_do_not_collide(
        self, staff_client, engagement, stakeholder_groups
    ):
        first = staged(staff_client, engagement, HEADER + "Jordan Lee,Youth,,,\n")
        second = staged(staff_client, engagement, HEADER + "Minh Tran,Youth,,,\n")
        finish(staff_client, engagement, second)
        assert list(Participant.objects.values_list("name", flat=True)) == ["Minh Tran"]
        finish(staff_client, engagement, first)
        assert Participant.objects.count() == 2

    def test_rejected_rows_are_paginated(self, staff_client, engagement, stakeholder_groups):
        text = HEADER + "".join(f"Person {i},Nobody,,,\n" for i in range(120))
        text += "".join(f"Good {i},Youth,,,\n" for i in range(60))
        token = staged(staff_client, engagement, text)
        response = staff_client.get(preview_url(engagement), {"token": token})
        rejected = response.context["rejected_page"]
        assert (rejected.paginator.count, len(rejected.object_list)) == (120, 50)
        assert [line for line, _row, _errors in rejected][:2] == [2, 3]
        assert len(response.context["accepted_page"].object_list) == 50
        assert response.content.decode().count("Unknown stakeholder group") == 50
        # The next page of rejected rows keeps the token and the page of the other list.
        assert f"?token={token}&amp;rejected_page=2#rejected" in response.content.decode()
        response = staff_client.get(
            preview_url(engagement), {"token": token, "rejected_page": 3, "page": 2}
        )
        rejected = response.context["rejected_page"]
        assert [line for line, _row, _errors in rejected][0] == 102
        assert len(rejected.object_list) == 20
        assert len(response.context["accepted_page"].object_list) == 10

    def test_a_preview_without_a_known_token_says_it_expired(
        self, staff_client, engagement, stakeholder_groups
    ):
        response = staff_client.get(preview_url(engagement), {"token": "nonsense"})
        assert response.status_code == 200
        assert "This preview has expired or was cancelled" in response.content.decode()


# -- duplicates ----------------------------------------------------------------------------


class TestDuplicates:
    def test_importing_the_same_file_twice_adds_nobody_the_second_time(
        self, staff_client, engagement, stakeholder_groups
    ):
        finish(staff_client, engagement, staged(staff_client, engagement, TWO_ROWS))
        assert Participant.objects.count() == 2
        token = staged(staff_client, engagement, TWO_ROWS)
        preview = staff_client.get(preview_url(engagement), {"token": token})
        content = preview.content.decode()
        assert preview.context["accepted_page"].paginator.count == 0
        assert preview.context["duplicates_page"].paginator.count == 2
        assert "A participant already on the roster" in content
        assert "Import 0" not in content
        response = finish(staff_client, engagement, token)
        assert Participant.objects.count() == 2
        assert (
            "Nobody was imported. 2 duplicates skipped (already on the roster or earlier in "
            "the file)." in response.content.decode()
        )
        assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORTED).count() == 1

    def test_a_file_previewed_twice_and_confirmed_twice_adds_nobody_twice(
        self, staff_client, engagement, stakeholder_groups
    ):
        """The rule lives in the service: it reads the roster again at confirm time."""
        first = staged(staff_client, engagement, TWO_ROWS)
        second = staged(staff_client, engagement, TWO_ROWS)
        finish(staff_client, engagement, first)
        response = finish(staff_client, engagement, second)
        assert Participant.objects.count() == 2
        assert "Nobody was imported. 2 duplicates skipped" in response.content.decode()

    def test_a_confirm_posted_twice_imports_once_and_says_so(
        self, staff_client, engagement, stakeholder_groups
    ):
        token = staged(staff_client, engagement, TWO_ROWS)
        finish(staff_client, engagement, token)
        response = finish(staff_client, engagement, token)
        assert Participant.objects.count() == 2
        assert "These rows were already imported" in response.content.decode()
        back = staff_client.get(preview_url(engagement), {"token": token})
        assert "These rows were already imported" in back.content.decode()
        assert "2 participants were added." in back.content.decode()

    def test_duplicates_within_the_file_are_flagged_and_not_imported(
        self, staff_client, engagement, stakeholder_groups
    ):
        text = HEADER + (
            "Jordan Lee,Youth,,,jordan@example.org\n"  # line 2
            " JORDAN   lee ,Faith/Clergy,,,Jordan@Example.org\n"  # 3: the same person
            "Jordan Lee,Youth,,,other@example.org\n"  # 4: another Jordan Lee
            "jordan lee,Youth,,,\n"  # 5: no email, so the same as line 2
            "Minh Tran,Youth,,,\n"  # 6
        )
        token = staged(staff_client, engagement, text)
        preview = staff_client.get(preview_url(engagement), {"token": token})
        accepted = [row["line"] for row in preview.context["accepted_page"]]
        duplicates = [
            (row["line"], row["duplicate_of_line"]) for row in preview.context["duplicates_page"]
        ]
        assert (accepted, duplicates) == ([2, 4, 6], [(3, 2), (5, 2)])
        assert "Line 2 of this file" in preview.content.decode()
        response = finish(staff_client, engagement, token)
        assert Participant.objects.count() == 3
        assert "3 participants imported. 2 duplicates skipped" in response.content.decode()

    def test_a_participant_already_on_the_roster_is_flagged(
        self, staff_client, engagement, stakeholder_groups
    ):
        ParticipantFactory(
            engagement=engagement,
            name="Jordan Lee",
            email="jordan@example.org",
            stakeholder_group=stakeholder_groups[0],
        )
        text = HEADER + "jordan lee,Youth,,,\nJordan Lee,Youth,,,j.lee@example.org\n"
        token = staged(staff_client, engagement, text)
        preview = staff_client.get(preview_url(engagement), {"token": token})
        assert [row["line"] for row in preview.context["duplicates_page"]] == [2]
        assert [row["duplicate_of_line"] for row in preview.context["duplicates_page"]] == [None]
        assert [row["line"] for row in preview.context["accepted_page"]] == [3]


# -- who may confirm -----------------------------------------------------------------------


class TestWhoMayConfirm:
    def test_staff_of_another_office_cannot_confirm_a_token(
        self, client, staff_client, engagement, stakeholder_groups, other_staff
    ):
        token = staged(staff_client, engagement, TWO_ROWS)
        client.force_login(other_staff)
        response = client.post(preview_url(engagement), {"token": token, "action": "confirm"})
        assert response.status_code == 404
        assert not Participant.objects.exists()

    def test_a_token_of_another_engagement_is_a_404(
        self, staff_client, engagement, stakeholder_groups, staff
    ):
        other = EngagementFactory(community="Erie County", state="PA", lead_staff=staff)
        StakeholderGroupFactory(engagement=other, name="Youth")
        token = staged(staff_client, engagement, TWO_ROWS)
        response = staff_client.post(preview_url(other), {"token": token, "action": "confirm"})
        assert response.status_code == 404
        assert staff_client.get(preview_url(other), {"token": token}).status_code == 404
        assert not Participant.objects.exists()


# -- the services, called directly ---------------------------------------------------------


class TestServices:
    def test_participants_import_skips_people_already_on_the_roster(
        self, engagement, stakeholder_groups, staff
    ):
        rows = services.participant_rows_read(TWO_ROWS, engagement=engagement).accepted
        first = services.participants_import(engagement=engagement, rows=rows, user=staff)
        again = services.participants_import(engagement=engagement, rows=rows, user=staff)
        assert (len(first.added), len(first.skipped)) == (2, 0)
        assert (len(again.added), len(again.skipped)) == (0, 2)
        assert Participant.objects.count() == 2
        assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORTED).count() == 1

    def test_participants_import_needs_the_permission(
        self, engagement, stakeholder_groups, other_staff
    ):
        rows = services.participant_rows_read(TWO_ROWS, engagement=engagement).accepted
        with pytest.raises(PermissionDenied):
            services.participants_import(engagement=engagement, rows=rows, user=other_staff)
        assert not Participant.objects.exists()

    def test_a_group_deleted_since_the_preview_refuses_the_whole_import(
        self, staff_client, engagement, stakeholder_groups
    ):
        token = staged(
            staff_client, engagement, HEADER + "Jordan Lee,Youth,,,\nAna Ruiz,Faith/Clergy,,,\n"
        )
        stakeholder_groups[1].delete()
        response = finish(staff_client, engagement, token)
        assert (
            "Line 3: the stakeholder group “\u2068Faith/Clergy\u2069” is not in this engagement"
            in (response.content.decode())
        )
        assert not Participant.objects.exists()

    def test_same_person(self):
        assert roster_service.same_person("  jordan  LEE", "", "Jordan Lee", "j@x.org")
        assert roster_service.same_person("Jordan Lee", "J@X.org", "jordan lee", "j@x.org")
        assert not roster_service.same_person("Jordan Lee", "a@x.org", "Jordan Lee", "b@x.org")
        assert not roster_service.same_person("Jordan Lee", "", "Jordan Li", "")
