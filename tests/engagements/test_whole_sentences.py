"""Every sentence a translatable whole (issue 8): a count agrees with its noun ("1 member",
"2 members"), and the history's "What" is one translated sentence per kind of record and
action, not a verb glued to a model's name."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from engagements import services
from engagements.forms.breakouts import _vote_text
from engagements.models import BreakoutGroup, PlanItem
from tests.factories import (
    BreakoutGroupFactory,
    IssueFactory,
    ParticipantFactory,
    PlanningGroupMemberFactory,
    trained_facilitator,
)
from tests.translations import add_translations


def text(response) -> str:
    """The page's text with tags removed (inline isolation without a space) and spaces
    collapsed."""
    content = re.sub(r"</?bdi[^>]*>", "", response.content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", content).split())


@pytest.mark.django_db
class TestPlurals:
    def test_the_overview_counts_agree_with_their_nouns(self, staff_client, engagement):
        url = reverse("engagements:engagement_detail", args=[engagement.pk])
        PlanningGroupMemberFactory(engagement=engagement)
        one = text(staff_client.get(url))
        assert "1 member" in one and "1 members" not in one
        assert "0 meetings" in one
        assert "0 of 0 logistics tasks done" in one
        PlanningGroupMemberFactory(engagement=engagement)
        assert "2 members" in text(staff_client.get(url))

    def test_a_merged_issue_note_is_one_phrase_with_its_count(
        self, staff_client, staff, engagement, stakeholder_groups
    ):
        youth = BreakoutGroupFactory(
            engagement=engagement,
            round="homogeneous",
            name="Youth",
            stakeholder_group=stakeholder_groups[0],
        )
        target, *others = [IssueFactory(engagement=engagement, group=youth) for _ in range(3)]
        url = reverse("engagements:issue_vote", args=[engagement.pk])
        services.issues_merge(target=target, issues=others[:1], user=staff)
        assert "(Youth · 1 issue merged into it)" in text(staff_client.get(url))
        services.issues_merge(target=target, issues=others[1:], user=staff)
        assert "(Youth · 2 issues merged into it)" in text(staff_client.get(url))

    def test_the_afternoon_group_page_counts_one_and_many(
        self, staff_client, engagement, stakeholder_groups
    ):
        for group in stakeholder_groups:
            ParticipantFactory(engagement=engagement, stakeholder_group=group)
        trained_facilitator(engagement)
        content = text(
            staff_client.get(reverse("engagements:afternoon_groups", args=[engagement.pk]))
        )
        assert "3 participants on the roster" in content
        assert "1 trained facilitator" in content and "1 trained facilitators" not in content
        assert "At most 1 group is possible." in content

    def test_history_details_count_the_records_linked(self, staff, engagement, stakeholder_groups):
        from engagements.audit import audit_details
        from engagements.models import AuditEntry

        group = services.record_create(
            record=BreakoutGroup(
                engagement=engagement,
                round="homogeneous",
                name="Youth",
                stakeholder_group=stakeholder_groups[0],
            ),
            user=staff,
        )
        one = ParticipantFactory(engagement=engagement, stakeholder_group=stakeholder_groups[0])
        two = ParticipantFactory(engagement=engagement, stakeholder_group=stakeholder_groups[0])
        services.record_update(record=group, user=staff, links={"participants": [one]})
        services.record_update(record=group, user=staff, links={"participants": [two]})
        services.record_update(record=group, user=staff, links={"participants": []})
        entries = AuditEntry.objects.filter(action="changed").order_by("pk")
        assert [audit_details(e) for e in entries] == [
            ["participants: 1 record linked"],
            ["participants: 1 record linked", "participants: 1 record unlinked"],
            ["participants: 1 record unlinked"],
        ]

    def test_a_vote_tally_reads_as_one_phrase(self):
        assert _vote_text(1, False) == "1 dot"
        assert _vote_text(2, True) == "2 dots, priority"


CHANGED_PLAN_ITEM = "Changed the plan item “%(record)s”."


@pytest.mark.django_db
def test_the_histories_what_is_one_translated_sentence(
    settings, tmp_path, staff_client, staff, engagement
):
    """Each (kind of record, action) is one msgid: the translator's sentence comes out whole,
    in the reader's language, whatever language the change was made in."""
    add_translations(
        settings,
        tmp_path,
        {
            "fa": {"Changed the plan item “%(record)s”.": "مورد برنامه «%(record)s» را تغییر داد."},
            "ko": {
                "Changed the plan item “%(record)s”.": "계획 항목 “%(record)s”을(를) 변경했습니다."
            },
        },
    )
    with translation.override("en"):
        item = services.record_create(
            record=PlanItem(
                engagement=engagement, title="Walks", actions="Walk", responsible_party="Police"
            ),
            user=staff,
        )
        item.title = "Joint walks"
        services.record_update(record=item, user=staff)
    url = reverse("engagements:engagement_history", args=[engagement.pk])
    farsi = staff_client.get(f"/fa{url}").content.decode()
    assert "مورد برنامه «\u2068Joint walks\u2069» را تغییر داد." in farsi
    korean = staff_client.get(f"/ko{url}").content.decode()
    assert "계획 항목 “\u2068Joint walks\u2069”을(를) 변경했습니다." in korean


def test_every_record_the_services_audit_has_its_own_sentences():
    """No kind of record falls back to a sentence without its name ("Changed “x”.")."""
    from django.apps import apps

    from engagements.audit import SENTENCES
    from engagements.models import EngagementRecord

    audited = {
        model._meta.model_name
        for model in apps.get_app_config("engagements").get_models()
        if issubclass(model, EngagementRecord)
    }
    # Link records are reported inside their parent's sentence, attendance as a whole.
    links = {
        "breakoutgroupparticipant",
        "planitemissue",
        "planitemsolution",
        "councilmeetingattendance",
        "trainingattendance",
    }
    missing = {
        (model, action)
        for model in audited - links
        for action in ("created", "changed", "deleted")
        if (model, action) not in SENTENCES
    }
    assert not missing, missing
