"""Issue 7: the action plan as a lasting record. Published versions are frozen, readable and
comparable; progress belongs to the living plan and says its version; the plan's text is
given per language, falls back to the original marked as such, and is frozen per version."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from engagements import services, versions
from engagements.labels import afternoon_group_spec, generated_label
from engagements.models import (
    ActionPlanVersion,
    BreakoutGroup,
    Issue,
    PlanItem,
    ProgressUpdate,
    Solution,
)
from tests.factories import BreakoutGroupFactory, IssueFactory, PlanItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(engagement, plan, staff):
    """A plan of two items (issues from a named group, a solution from afternoon group 1),
    published as version 1 by ``staff``."""
    morning = BreakoutGroupFactory(engagement=engagement, name="Faith leaders")
    issue = IssueFactory(
        engagement=engagement, group=morning, text="Approachability", is_priority=True
    )
    afternoon = BreakoutGroupFactory(
        engagement=engagement,
        round="heterogeneous",
        name="",
        number=1,
        stakeholder_group=None,
    )
    solution = Solution.objects.create(
        engagement=engagement, group=afternoon, issue=issue, text="Coffee with a cop"
    )
    first = PlanItemFactory(
        engagement=engagement,
        title="Walk-and-talk patrols",
        actions="Monthly walks\nMeet the youth council",
        responsible_party="Police department",
    )
    second = PlanItemFactory(engagement=engagement, title="Youth forum", order=2)
    for item in (first, second):
        services.links_set(record=item, field_name="issues", targets=[issue], user=staff)
    services.links_set(record=first, field_name="solutions", targets=[solution], user=staff)
    plan.introduction = "We met in March and agreed on two steps."
    services.action_plan_update(plan=plan, user=staff)
    services.action_plan_publish(plan=plan, user=staff, note="")
    plan.refresh_from_db()
    return {
        "plan": plan,
        "items": (first, second),
        "issue": issue,
        "solution": solution,
        "morning": morning,
        "afternoon": afternoon,
        "version": ActionPlanVersion.objects.get(plan=plan, number=1),
    }


def shown(version, language="en"):
    """What the version shows, as plain text per item and the introduction."""
    doc = versions.version_document(version, language, progress=False)
    with translation.override(language):
        return {
            "introduction": str(doc["introduction"]),
            "items": [
                {
                    "title": str(i["title"]),
                    "actions": i["action_list"],
                    "responsible": str(i["responsible_party"]),
                    "issues": [(x["text"], [str(g) for g in x["groups"]]) for x in i["issues"]],
                    "solutions": [(s["text"], str(s["group"])) for s in i["solutions"]],
                }
                for i in doc["items"]
            ],
        }


class TestVersionsAreFrozen:
    def test_publishing_records_the_plan_as_shown(self, published, staff):
        version = published["version"]
        assert (version.number, version.published_by) == (1, staff)
        content = shown(version)
        assert content["introduction"] == "We met in March and agreed on two steps."
        assert content["items"][0] == {
            "title": "Walk-and-talk patrols",
            "actions": ["Monthly walks", "Meet the youth council"],
            "responsible": "Police department",
            "issues": [("Approachability", ["Faith leaders"])],
            "solutions": [("Coffee with a cop", "Afternoon group 1")],
        }
        # the generated group name is written in the reader's language when shown
        with translation.override("fa"):
            expected = generated_label(afternoon_group_spec(1))
        assert shown(version, "fa")["items"][0]["solutions"][0][1] == expected

    def test_a_version_is_unchanged_after_every_kind_of_edit(self, published, staff):
        version, plan = published["version"], published["plan"]
        before = shown(version)
        before_fa = shown(version, "fa")
        services.action_plan_revise(plan=plan, user=staff)
        first, second = (PlanItem.objects.get(pk=i.pk) for i in published["items"])
        # item edit after the revision
        first.title = "Walk-and-talk patrols, weekly"
        first.actions = "Weekly walks"
        services.record_update(record=first, user=staff)
        # translation edit
        services.action_plan_translate(
            plan=plan,
            user=staff,
            language="fa",
            texts={
                ("item", first.pk, "title"): "گشت‌های پیاده",
                ("plan", plan.pk, "introduction"): "مقدمه",
            },
        )
        # introduction edit
        plan.refresh_from_db()
        plan.introduction_en = "A new introduction."
        services.action_plan_update(plan=plan, user=staff)
        # issue text edit and group renames (the plan is a draft: nothing is locked)
        issue = Issue.objects.get(pk=published["issue"].pk)
        issue.text = "Approachability of officers"
        services.record_update(record=issue, user=staff)
        morning = BreakoutGroup.objects.get(pk=published["morning"].pk)
        morning.name = "Clergy"
        services.record_update(record=morning, user=staff)
        afternoon = BreakoutGroup.objects.get(pk=published["afternoon"].pk)
        afternoon.name = "Named later"
        services.record_update(record=afternoon, user=staff)
        # solution edit
        solution = Solution.objects.get(pk=published["solution"].pk)
        solution.text = "Coffee with two cops"
        services.record_update(record=solution, user=staff)
        # item delete
        services.record_delete(record=second, user=staff)
        version = ActionPlanVersion.objects.get(pk=version.pk)
        assert shown(version) == before
        assert shown(version, "fa") == before_fa
        # ... while the living plan shows the edits
        draft = versions.draft_document(plan, "en", progress=False)
        assert [str(i["title"]) for i in draft["items"]] == ["Walk-and-talk patrols, weekly"]

    def test_saving_or_deleting_a_version_is_refused(self, published):
        version = published["version"]
        version.note = "Rewritten history"
        with pytest.raises(ValidationError):
            version.save()
        with pytest.raises(ValidationError):
            version.delete()
        with pytest.raises(ValidationError):
            ActionPlanVersion.objects.filter(pk=version.pk).update(note="x")
        with pytest.raises(ValidationError):
            ActionPlanVersion.objects.filter(pk=version.pk).delete()
        assert ActionPlanVersion.objects.get(pk=version.pk).note == ""

    def test_each_publication_adds_a_version_with_its_note(self, published, staff):
        plan = published["plan"]
        services.action_plan_revise(plan=plan, user=staff)
        services.action_plan_publish(plan=plan, user=staff, note="Dates moved to spring")
        assert list(ActionPlanVersion.objects.filter(plan=plan).values_list("number", "note")) == [
            (2, "Dates moved to spring"),
            (1, ""),
        ]

    def test_items_belong_to_the_plan(self, published, engagement):
        assert all(item.plan_id == published["plan"].pk for item in published["items"])
        other = PlanItemFactory.build(engagement=engagement)
        from tests.factories import EngagementFactory

        other.plan = EngagementFactory().action_plan
        with pytest.raises(ValidationError):
            other.full_clean()


def test_a_version_names_the_office_in_the_readers_language(published):
    """The office is context, not plan text: CRS's own name for it in each language."""
    version = published["version"]
    office = published["plan"].engagement.office
    for language in ("en", "fa", "zh-hant"):
        document = versions.version_document(version, language, progress=False)
        assert document["engagement"]["office"] == getattr(
            office, f"name_{language.replace('-', '_')}"
        )
    assert office.name_fa != office.name_en
    # A snapshot frozen with a bare name still reads.
    old = dict(version.snapshot, engagement={**version.snapshot["engagement"], "office": "X"})
    assert versions.document(old, "fa")["engagement"]["office"] == "X"


class TestCompare:
    def test_added_removed_changed_and_words(self, published, staff):
        plan = published["plan"]
        services.action_plan_revise(plan=plan, user=staff)
        first, second = (PlanItem.objects.get(pk=i.pk) for i in published["items"])
        first.responsible_party = "Police department and schools"
        services.record_update(record=first, user=staff)
        services.record_delete(record=second, user=staff)
        third = PlanItemFactory(engagement=plan.engagement, title="Bilingual hotline")
        services.links_set(
            record=third, field_name="issues", targets=[published["issue"]], user=staff
        )
        plan.refresh_from_db()
        plan.introduction_en = "We met in April and agreed on two steps."
        services.action_plan_update(plan=plan, user=staff)
        services.action_plan_publish(plan=plan, user=staff, note="Hotline added")
        v1, v2 = (ActionPlanVersion.objects.get(plan=plan, number=n) for n in (1, 2))
        result = versions.compare_documents(
            versions.version_document(v1, "en", progress=False),
            versions.version_document(v2, "en", progress=False),
        )
        kinds = {str(c.item["title"]): c.kind for c in result["items"]}
        assert kinds == {
            "Walk-and-talk patrols": "changed",
            "Bilingual hotline": "added",
            "Youth forum": "removed",
        }
        (change,) = next(c for c in result["items"] if c.kind == "changed").changes
        assert change.name == "responsible_party"
        assert str(change.diff) == "Police department<ins> and schools</ins>"
        assert "<del>March</del><ins>April</ins>" in str(result["introduction"].diff)
        assert (result["added"], result["removed"], result["changed"]) == (1, 1, 1)

    def test_compare_page_in_farsi_with_draft(self, published, staff, staff_client):
        plan = published["plan"]
        services.action_plan_revise(plan=plan, user=staff)
        first = PlanItem.objects.get(pk=published["items"][0].pk)
        first.title = "Walk-and-talk patrols <b>"
        services.record_update(record=first, user=staff)
        with translation.override("fa"):
            url = reverse("engagements:action_plan_compare", args=[plan.engagement_id])
        page = staff_client.get(url, {"a": "1", "b": "draft"}).content.decode()
        assert "&lt;b&gt;</ins>" in page
        assert 'lang="fa"' in page

    def test_word_diff_escapes(self):
        assert (
            str(versions.word_diff("a <x>", "a <y>"))
            == "a <del>&lt;x&gt;</del><ins>&lt;y&gt;</ins>"
        )

    def test_a_text_rewritten_as_a_whole_shows_old_above_new(self):
        """A translation given where the original was shown is not a word salad of both."""
        diff = str(versions.word_diff("The council meets monthly <b>", "شورا ماهانه تشکیل می‌شود"))
        assert diff == (
            '<del class="d-block" dir="auto">The council meets monthly &lt;b&gt;</del>'
            '<ins class="d-block" dir="auto">شورا ماهانه تشکیل می‌شود</ins>'
        )
        # Most words in common: word by word.
        assert str(versions.word_diff("meets every month", "meets every week")) == (
            "meets every <del>month</del><ins>week</ins>"
        )


class TestProgress:
    def test_progress_survives_a_revision_and_says_its_version(self, published, staff):
        plan = published["plan"]
        first = published["items"][0]
        update = services.progress_update_create(
            update=ProgressUpdate(
                engagement=plan.engagement, plan_item=first, status="in_progress", note="Begun"
            ),
            user=staff,
        )
        assert update.plan_version == 1
        services.action_plan_revise(plan=plan, user=staff)
        services.action_plan_publish(plan=plan, user=staff, note="Nothing new")
        later = services.progress_update_create(
            update=ProgressUpdate(
                engagement=plan.engagement, plan_item=first, status="done", note="Finished"
            ),
            user=staff,
        )
        assert later.plan_version == 2
        first.refresh_from_db()
        assert first.status == "done"
        assert list(first.progress_updates.values_list("note", "plan_version")) == [
            ("Finished", 2),
            ("Begun", 1),
        ]
        doc = versions.version_document(ActionPlanVersion.objects.get(plan=plan, number=2), "en")
        assert doc["items"][0]["latest_progress"].note == "Finished"


class TestTranslations:
    def test_fallback_is_marked_and_counted_on_the_plan_page(self, published, staff, staff_client):
        plan = published["plan"]
        services.action_plan_revise(plan=plan, user=staff)
        first = published["items"][0]
        services.action_plan_translate(
            plan=plan, user=staff, language="fa", texts={("item", first.pk, "title"): "گشت پیاده"}
        )
        with translation.override("fa"):
            url = reverse("engagements:action_plan", args=[plan.engagement_id])
        page = staff_client.get(url).content.decode()
        assert "گشت پیاده" in page
        # the untranslated title is shown in English, marked in Farsi, with its own lang/dir
        assert '<bdi dir="ltr" lang="en">Youth forum</bdi>' in page
        with translation.override("fa"):
            badge = translation.pgettext(
                "a text of the plan not translated into the page's language",
                "Shown in %(language)s",
            ) % {"language": versions.language_name("en")}
        assert badge in page
        # 1 of 7 texts (introduction, 2 titles, 2 actions, 2 responsible parties; no measures)
        doc = versions.draft_document(plan, "fa", progress=False)
        assert (doc["translated"], doc["total"]) == (1, 7)
        with translation.override("en"):
            page_en = staff_client.get(
                reverse("engagements:action_plan", args=[plan.engagement_id])
            ).content.decode()
        assert "Farsi: 1 of 7 texts translated" in page_en
        assert "Shown in" not in page_en

    def test_translations_are_locked_while_published_and_frozen_per_version(self, published, staff):
        plan, first = published["plan"], published["items"][0]
        with pytest.raises(ValidationError):
            services.action_plan_translate(
                plan=plan, user=staff, language="fa", texts={("item", first.pk, "title"): "x"}
            )
        services.action_plan_revise(plan=plan, user=staff)
        services.action_plan_translate(
            plan=plan, user=staff, language="fa", texts={("item", first.pk, "title"): "گشت"}
        )
        services.action_plan_publish(plan=plan, user=staff, note="Farsi title")
        v1, v2 = (ActionPlanVersion.objects.get(plan=plan, number=n) for n in (1, 2))
        assert shown(v1, "fa")["items"][0]["title"] == "Walk-and-talk patrols"
        assert shown(v2, "fa")["items"][0]["title"] == "گشت"
        services.action_plan_revise(plan=plan, user=staff)
        services.action_plan_translate(
            plan=plan, user=staff, language="fa", texts={("item", first.pk, "title"): "تغییر"}
        )
        assert shown(ActionPlanVersion.objects.get(pk=v2.pk), "fa")["items"][0]["title"] == "گشت"

    def test_editing_forms_write_the_original_language(self, published, staff, staff_client):
        plan, first = published["plan"], published["items"][0]
        services.action_plan_revise(plan=plan, user=staff)
        with translation.override("fa"):
            url = reverse("engagements:planitem_update", args=[plan.engagement_id, first.pk])
        form = staff_client.get(url).context["form"]
        data = {k: v for k, v in form.initial.items() if v is not None}
        data.update(
            title="Walk-and-talk patrols, weekly",
            issues=[published["issue"].pk],
            solutions=[],
            target_date="",
        )
        response = staff_client.post(url, data)
        assert response.status_code == 302
        first.refresh_from_db()
        assert (first.title_en, first.title_fa) == ("Walk-and-talk patrols, weekly", None)

    def test_translate_page_shows_the_original_beside_each_box(
        self, published, staff, staff_client
    ):
        plan = published["plan"]
        services.action_plan_revise(plan=plan, user=staff)
        url = reverse("engagements:action_plan_translate", args=[plan.engagement_id])
        page = staff_client.get(url, {"language": "fa"}).content.decode()
        assert 'lang="fa" dir="rtl"' in page
        assert "Walk-and-talk patrols" in page
        first = published["items"][0]
        response = staff_client.post(url + "?language=fa", {f"item-{first.pk}-title": "گشت پیاده"})
        assert response.status_code == 302
        first.refresh_from_db()
        assert first.title_fa == "گشت پیاده"
        assert first.title_en == "Walk-and-talk patrols"


class TestPages:
    def test_version_page_and_list(self, published, staff_client):
        plan, version = published["plan"], published["version"]
        page = staff_client.get(
            reverse("engagements:action_plan", args=[plan.engagement_id])
        ).content.decode()
        detail = reverse(
            "engagements:actionplanversion_detail", args=[plan.engagement_id, version.pk]
        )
        assert detail in page
        content = staff_client.get(detail).content.decode()
        assert "Walk-and-talk patrols" in content
        assert "Coffee with a cop" in content

    def test_other_engagements_version_is_a_404(self, published, other_staff, client):
        client.force_login(other_staff)
        plan, version = published["plan"], published["version"]
        url = reverse("engagements:actionplanversion_detail", args=[plan.engagement_id, version.pk])
        assert client.get(url).status_code == 404
