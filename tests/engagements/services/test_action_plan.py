"""``services.action_plan`` and the published-plan lock: a published plan, and everything it
links to, does not change silently; a revision loses no progress."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from engagements import services
from engagements.models import Issue, PlanItem, PlanItemIssue, ProgressUpdate
from tests.factories import BreakoutGroupFactory, IssueFactory, PlanItemFactory


@pytest.fixture
def published(engagement, staff):
    """A published plan with one item linked to a priority issue; returns (item, issue)."""
    issue = IssueFactory(engagement=engagement, text="Trust", is_priority=True)
    item = PlanItemFactory(engagement=engagement, title="Walk-and-talk patrols")
    services.links_set(record=item, field_name="issues", targets=[issue], user=staff)
    services.action_plan_publish(plan=engagement.action_plan, user=staff)
    return item, issue


@pytest.mark.django_db
class TestLock:
    def test_item_content_is_locked(self, published, staff):
        item, _issue = published
        item.title = "Silently changed"
        with pytest.raises(ValidationError, match="Start a revision"):
            services.record_update(record=item, user=staff)
        assert PlanItem.objects.get(pk=item.pk).title == "Walk-and-talk patrols"

    def test_no_item_added(self, published, engagement, staff):
        with pytest.raises(ValidationError):
            services.record_create(
                record=PlanItem(
                    engagement=engagement, title="New", actions="a", responsible_party="p"
                ),
                user=staff,
            )

    def test_item_not_deleted(self, published, staff):
        item, _issue = published
        with pytest.raises(ValidationError):
            services.record_delete(record=item, user=staff)
        assert PlanItem.objects.filter(pk=item.pk).exists()

    def test_links_locked(self, published, engagement, staff):
        item, _issue = published
        other = IssueFactory(engagement=engagement, is_priority=True)
        with pytest.raises(ValidationError):
            services.links_set(record=item, field_name="issues", targets=[other], user=staff)
        assert list(item.issues.all()) != [other]

    def test_a_linked_issue_is_locked(self, published, staff):
        _item, issue = published
        issue.text = "Rewritten after publication"
        with pytest.raises(ValidationError, match="Start a revision"):
            services.record_update(record=issue, user=staff)
        assert Issue.objects.get(pk=issue.pk).text == "Trust"

    def test_merging_into_a_linked_issue_is_locked(self, published, engagement, staff):
        _item, issue = published
        other = IssueFactory(
            engagement=engagement, group=BreakoutGroupFactory(engagement=engagement)
        )
        with pytest.raises(ValidationError):
            services.issues_merge(target=issue, issues=[other], user=staff)
        assert Issue.objects.get(pk=other.pk).merged_into is None

    def test_introduction_locked(self, published, engagement, staff):
        plan = engagement.action_plan
        plan.refresh_from_db()
        plan.introduction = "Changed quietly"
        with pytest.raises(ValidationError):
            services.action_plan_update(plan=plan, user=staff)

    def test_progress_allowed_on_a_published_plan(self, published, engagement, staff):
        item, _issue = published
        services.progress_update_create(
            update=ProgressUpdate(
                engagement=engagement,
                plan_item=item,
                status="in_progress",
                note="Two walks held",
                reported_on=datetime.date(2025, 1, 5),
            ),
            user=staff,
        )
        assert PlanItem.objects.get(pk=item.pk).status == "in_progress"

    def test_revision_unlocks(self, published, engagement, staff):
        item, _issue = published
        services.action_plan_revise(plan=engagement.action_plan, user=staff)
        item.title = "Walk-and-talk patrols, monthly"
        services.record_update(record=item, user=staff)
        plan = services.action_plan_publish(plan=engagement.action_plan, user=staff)
        assert plan.version == 2


@pytest.mark.django_db
def test_a_revision_never_loses_progress(published, engagement, staff):
    item, _issue = published
    services.progress_update_create(
        update=ProgressUpdate(
            engagement=engagement,
            plan_item=item,
            status="in_progress",
            note="Started",
            reported_on=datetime.date(2025, 1, 5),
        ),
        user=staff,
    )
    services.action_plan_revise(plan=engagement.action_plan, user=staff)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        services.record_delete(record=item, user=staff)
    assert ProgressUpdate.objects.filter(plan_item=item).count() == 1
    assert PlanItemIssue.objects.filter(plan_item=item).exists()


@pytest.mark.django_db
def test_publish_needs_traceable_items(engagement, staff):
    PlanItemFactory(engagement=engagement)
    with pytest.raises(ValidationError, match="Link every item"):
        services.action_plan_publish(plan=engagement.action_plan, user=staff)
