"""Step 4: the action plan, its publication, and the PDF read back."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from engagements.models import ActionPlan, PlanItem
from tests.factories import IssueFactory, PlanItemFactory


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def priority(engagement):
    return IssueFactory(engagement=engagement, text="Approachability", is_priority=True)


@pytest.mark.django_db
class TestPlanItems:
    def test_add_item_linked_to_a_priority_issue(self, staff_client, engagement, plan, priority):
        response = staff_client.post(
            reverse("engagements:planitem_create", args=[engagement.pk]),
            {
                "order": 1,
                "title": "Walk-and-talk patrols",
                "issues": [priority.pk],
                "actions": "Monthly walks\nCoffee with a cop",
                "responsible_party": "Police",
                "target_date": "2025-06-01",
            },
        )
        assert response.status_code == 302
        item = PlanItem.objects.get()
        assert list(item.issues.all()) == [priority]
        page = staff_client.get(reverse("engagements:action_plan", args=[engagement.pk]))
        assert "Coffee with a cop" in page.content.decode()

    def test_item_needs_an_issue(self, staff_client, engagement, plan):
        response = staff_client.post(
            reverse("engagements:planitem_create", args=[engagement.pk]),
            {"order": 1, "title": "Untraced", "actions": "x", "responsible_party": "Police"},
        )
        assert response.status_code == 200 and not PlanItem.objects.exists()


@pytest.mark.django_db
class TestPublish:
    def test_empty_plan_cannot_be_published(self, staff_client, engagement, plan):
        response = staff_client.post(
            reverse("engagements:action_plan_publish", args=[engagement.pk]), follow=True
        )
        assert "Add at least one item" in response.content.decode()
        plan.refresh_from_db()
        assert plan.status == "draft"

    def test_publish_locks_items_until_a_revision(
        self, staff_client, staff, engagement, plan, priority
    ):
        item = PlanItemFactory(engagement=engagement)
        item.issues.add(priority, through_defaults={"engagement": engagement})
        staff_client.post(reverse("engagements:action_plan_publish", args=[engagement.pk]))
        plan.refresh_from_db()
        assert (plan.status, plan.version, plan.published_by) == ("published", 1, staff)
        edit = reverse("engagements:planitem_update", args=[engagement.pk, item.pk])
        response = staff_client.post(edit, {"title": "Silently changed"}, follow=True)
        assert "Start a revision" in response.content.decode()
        item.refresh_from_db()
        assert item.title != "Silently changed"
        staff_client.post(reverse("engagements:action_plan_revise", args=[engagement.pk]))
        publish = reverse("engagements:action_plan_publish", args=[engagement.pk])
        staff_client.post(publish, {"note": "Dates moved"})
        plan.refresh_from_db()
        assert plan.version == 2
        assert ActionPlan.history.filter(id=plan.pk).count() >= 4


@pytest.mark.django_db
class TestPdf:
    def test_pdf_contains_the_plan_items(self, staff_client, engagement, plan, priority):
        item = PlanItemFactory(
            engagement=engagement,
            title="Youth and police basketball league",
            actions="Book the gym\nRecruit officers",
        )
        item.issues.add(priority, through_defaults={"engagement": engagement})
        response = staff_client.get(reverse("engagements:action_plan_pdf", args=[engagement.pk]))
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert "Youth and police basketball league" in text
        assert "Recruit officers" in text
        assert "Approachability" in text
        assert "Draft" in text

    @pytest.mark.parametrize("language", ["vi", "fa", "zh-hant", "ko", "hi"])
    def test_pdf_renders_in_every_language(
        self, staff_client, engagement, plan, priority, language
    ):
        item = PlanItemFactory(engagement=engagement, title="Plan item one")
        item.issues.add(priority, through_defaults={"engagement": engagement})
        response = staff_client.get(
            f"/{language}" + reverse("engagements:action_plan_pdf", args=[engagement.pk])
        )
        reader = PdfReader(io.BytesIO(response.content))
        fonts = {
            str(font["/BaseFont"])
            for page in reader.pages
            for font in (page["/Resources"].get("/Font") or {}).values()
            for font in [font.get_object()]
        }
        assert "Plan item one" in pdf_text(response.content)
        assert any("Noto" in name for name in fonts), fonts
