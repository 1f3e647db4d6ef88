"""Names the app generates are written in the reader's language when they are shown, never
stored in the language of whoever saved them (issue 8): afternoon groups on pages, in the
PDF, the admin and the history; meeting labels in the history.

The Farsi and Hindi words come from a catalogue the test supplies (``tests.translations``),
so that what is checked is where the name is translated, whatever words the translators
choose."""

import datetime
import io
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import dateformat, translation
from pypdf import PdfReader

from engagements import queries, services
from engagements.labels import AFTERNOON_GROUP, generated_label
from engagements.models import AuditEntry, BreakoutGroup, PlanningMeeting, Solution
from engagements.pdf import action_plan_pdf
from tests.factories import (
    BreakoutGroupFactory,
    IssueFactory,
    ParticipantFactory,
    PlanItemFactory,
    trained_facilitator,
)
from tests.translations import add_translations

GROUP_NAME = ("generated name of an afternoon breakout group", "Afternoon group %(number)s")
FARSI_NAME = "گروه بعدازظهر %(number)s"
HINDI_NAME = "दोपहर का समूह %(number)s"
#: The first afternoon group on a Farsi page (digits may be Persian there) and a Hindi one.
FARSI_FIRST = re.compile("گروه بعدازظهر [1۱]")
HINDI_FIRST = re.compile("दोपहर का समूह 1")
ENGLISH_FIRST = re.compile("Afternoon group [1۱]")


@pytest.fixture
def names(settings, tmp_path):
    add_translations(
        settings,
        tmp_path,
        {
            "fa": {
                GROUP_NAME: FARSI_NAME,
                "Deleted the breakout group “%(record)s”.": "گروه «%(record)s» را حذف کرد.",
            },
            "hi": {GROUP_NAME: HINDI_NAME},
        },
    )


@pytest.fixture
def afternoon(engagement, staff, stakeholder_groups):
    """Two afternoon groups saved by someone reading the app in English."""
    roster = [
        ParticipantFactory(engagement=engagement, stakeholder_group=group)
        for group in stakeholder_groups
        for _ in range(2)
    ]
    first, second = trained_facilitator(engagement), trained_facilitator(engagement)
    with translation.override("en"):
        return services.afternoon_groups_save(
            engagement=engagement,
            groups={1: [p.pk for p in roster[::2]], 2: [p.pk for p in roster[1::2]]},
            facilitators={1: first.pk, 2: second.pk},
            user=staff,
        )


def page(client, language, name, engagement):
    url = reverse(name, args=[engagement.pk])
    return client.get(url if language == "en" else f"/{language}{url}").content.decode()


@pytest.mark.django_db
def test_an_afternoon_group_stores_its_number_not_a_name(afternoon):
    assert [(g.number, g.name) for g in afternoon] == [(1, ""), (2, "")]
    assert {tuple(g.label_spec().items()) for g in afternoon} == {
        (("kind", AFTERNOON_GROUP), ("number", 1)),
        (("kind", AFTERNOON_GROUP), ("number", 2)),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"), [("fa", FARSI_FIRST), ("hi", HINDI_FIRST), ("en", ENGLISH_FIRST)]
)
def test_a_group_saved_in_english_is_named_in_the_readers_language(
    staff_client, engagement, afternoon, names, language, expected
):
    content = page(staff_client, language, "engagements:program_day", engagement)
    assert expected.search(content)
    if language != "en":
        assert not ENGLISH_FIRST.search(content)


@pytest.mark.django_db
def test_a_typed_name_is_kept_as_typed(staff_client, engagement, afternoon, names):
    group = afternoon[0]
    group.name = "Riverside table"
    services.record_update(record=group, user=group.engagement.lead_staff)
    content = page(staff_client, "fa", "engagements:program_day", engagement)
    assert "Riverside table" in content
    assert FARSI_FIRST.search(content) is None
    assert re.search("گروه بعدازظهر [2۲]", content)


@pytest.mark.django_db
def test_the_farsi_pdf_names_the_group_in_farsi(engagement, afternoon, stakeholder_groups, names):
    morning = BreakoutGroupFactory(
        engagement=engagement, round="homogeneous", stakeholder_group=stakeholder_groups[0]
    )
    issue = IssueFactory(engagement=engagement, group=morning, is_priority=True, dot_votes=9)
    solution = Solution.objects.create(
        engagement=engagement, group=afternoon[0], issue=issue, text="Joint walks"
    )
    item = PlanItemFactory(engagement=engagement, title="Walks")
    item.issues.add(issue, through_defaults={"engagement": engagement})
    item.solutions.add(solution, through_defaults={"engagement": engagement})

    def pdf_text(language):
        data = action_plan_pdf(
            plan=engagement.action_plan, items=queries.plan_items(engagement), language=language
        )
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)

    farsi = pdf_text("fa")
    assert "بعدازظهر" in farsi
    assert not ENGLISH_FIRST.search(farsi)
    assert ENGLISH_FIRST.search(pdf_text("en"))


@pytest.mark.django_db
def test_the_history_names_a_deleted_group_in_the_readers_language(
    staff_client, staff, engagement, afternoon, names
):
    # Saving the groups again deletes the first ones: the history names them.
    roster = [p.pk for g in afternoon for p in g.participants.all()]
    with translation.override("en"):
        services.afternoon_groups_save(
            engagement=engagement,
            groups={1: roster},
            facilitators={1: afternoon[0].facilitator_id},
            user=staff,
        )
    deleted = AuditEntry.objects.filter(model="breakoutgroup", action="deleted").earliest("pk")
    assert deleted.object_label == {"kind": AFTERNOON_GROUP, "number": 1}
    content = page(staff_client, "fa", "engagements:engagement_history", engagement)
    assert re.search("گروه «گروه بعدازظهر [1۱]» را حذف کرد.", content)
    assert not ENGLISH_FIRST.search(content)


@pytest.mark.django_db
def test_the_history_writes_a_meetings_date_in_the_readers_language(
    staff_client, staff, engagement
):
    held_on = datetime.date(2026, 3, 12)
    with translation.override("en"):
        services.record_create(
            record=PlanningMeeting(engagement=engagement, held_on=held_on), user=staff
        )
    with translation.override("fa"):
        farsi_month = dateformat.format(held_on, "F")
    content = page(staff_client, "fa", "engagements:engagement_history", engagement)
    assert farsi_month in content
    assert "March" not in content


@pytest.mark.django_db
def test_the_admin_lists_the_group_in_the_readers_language(client, afternoon, names):
    from offices.models import User

    admin = User.objects.create_superuser("root", "root@example.org", "pw-for-tests-123")
    client.force_login(admin)
    with translation.override("fa"):
        url = reverse("admin:engagements_breakoutgroup_changelist")
    assert url.startswith("/fa/")
    assert FARSI_FIRST.search(client.get(url).content.decode())


@pytest.mark.django_db
def test_the_migration_numbers_names_generated_in_any_language(engagement, stakeholder_groups):
    migration = import_module("engagements.migrations.0004_generated_names")
    generated = [
        BreakoutGroup.objects.create(engagement=engagement, round="heterogeneous", name=name)
        for name in ("Afternoon group 1", "گروه بعدازظهر 2", "下午第3組", "오후 그룹 4")
    ]
    typed = BreakoutGroup.objects.create(
        engagement=engagement, round="heterogeneous", name="Afternoon group by the river"
    )
    AuditEntry.objects.create(
        engagement=engagement,
        action="deleted",
        model="breakoutgroup",
        object_repr="दोपहर का समूह 5",
    )
    migration.forwards(apps, None)
    converted = BreakoutGroup.objects.filter(pk__in=[g.pk for g in generated])
    assert [(g.number, g.name) for g in converted] == [(1, ""), (2, ""), (3, ""), (4, "")]
    typed.refresh_from_db()
    assert (typed.number, typed.name) == (None, "Afternoon group by the river")
    entry = AuditEntry.objects.get(object_repr="दोपहर का समूह 5")
    assert entry.object_label == {"kind": AFTERNOON_GROUP, "number": 5}
    with translation.override("en"):
        assert entry.record_label() == "Afternoon group 5" == generated_label(entry.object_label)


@pytest.mark.django_db
def test_a_group_added_by_hand_needs_a_name(staff_client, engagement):
    response = staff_client.post(
        reverse("engagements:breakoutgroup_create", args=[engagement.pk]),
        {"name": "", "round": "heterogeneous", "language": "en"},
    )
    assert response.status_code == 200
    assert "Give the group a name." in response.content.decode()
    assert not BreakoutGroup.objects.exists()
