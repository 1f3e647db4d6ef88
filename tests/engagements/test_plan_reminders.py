"""The weekly reminder to lead staff (``engagements.reminders``, ``manage.py
send_plan_reminders``): the right items, one email per person in their language, nothing when
nothing is due, and a dry run that sends nothing."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.formats import date_format

from engagements.models import ActionPlan, PlanItem, ProgressUpdate
from engagements.reminders import items_needing_attention, plan_reminders
from spcp.text import isolate
from tests.factories import EngagementFactory, PlanItemFactory, UserFactory, office

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
D = datetime.date


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def publish(engagement, on: datetime.date):
    ActionPlan.objects.filter(engagement=engagement).update(
        status=ActionPlan.Status.PUBLISHED,
        published_at=datetime.datetime.combine(on, datetime.time(12), tzinfo=datetime.UTC),
    )


def item(engagement, title, *, target=None, status=PlanItem.Status.IN_PROGRESS, progress=()):
    """A plan item with progress updates on the dates ``progress`` (the last sets ``status``)."""
    plan_item = PlanItemFactory(engagement=engagement, title=title, target_date=target)
    for day in progress:
        ProgressUpdate.objects.create(
            engagement=engagement, plan_item=plan_item, reported_on=day, status=status, note="-"
        )
    PlanItem.objects.filter(pk=plan_item.pk).update(status=status)
    return plan_item


@pytest.fixture
def lead(staff):
    staff.email = "lead@example.org"
    staff.first_name, staff.last_name = "Ana", "Lead"
    staff.save()
    return staff


@pytest.fixture
def erie(lead):
    """Erie, published 45 days ago (too recent for items without progress to be quiet)."""
    engagement = EngagementFactory(community="Erie", state="PA", lead_staff=lead)
    publish(engagement, days_ago(45))
    return engagement


def titles(found) -> dict:
    return {
        str(group.engagement): [due.item.title for due in group.items]
        for groups in found.values()
        for group in groups
    }


def test_overdue_and_quiet_items_of_published_plans_only(lead, erie):
    """Guards which items need attention: past the target date and not done; or no progress
    for 60 days (exactly 60 included), counting from publication when there is none; never a
    done item, never a draft plan's."""
    item(erie, "Overdue", target=days_ago(1), progress=[days_ago(5)])
    item(erie, "Due today", target=TODAY, progress=[days_ago(5)])
    item(
        erie, "Done late", target=days_ago(30), status=PlanItem.Status.DONE, progress=[days_ago(90)]
    )
    item(erie, "Quiet 60 days", progress=[days_ago(90), days_ago(60)])
    item(erie, "Quiet 59 days", progress=[days_ago(59)])
    item(erie, "On hold, overdue", target=days_ago(3), status=PlanItem.Status.ON_HOLD)
    item(erie, "New, no progress", status=PlanItem.Status.NOT_STARTED)  # published 45 days ago
    topeka = EngagementFactory(community="Topeka", state="KS", lead_staff=lead)
    publish(topeka, days_ago(61))
    item(topeka, "Never reported on", status=PlanItem.Status.NOT_STARTED)
    draft = EngagementFactory(community="Draftville", lead_staff=lead)
    item(draft, "Draft overdue", target=days_ago(100))

    found = items_needing_attention(today=TODAY)
    assert list(found) == [lead.pk]
    assert titles(found) == {
        "Erie, PA": ["Overdue", "Quiet 60 days", "On hold, overdue"],
        "Topeka, KS": ["Never reported on"],
    }
    erie_items = {d.item.title: d for d in found[lead.pk][0].items}
    assert erie_items["Overdue"].overdue and erie_items["Overdue"].quiet_since is None
    assert erie_items["Quiet 60 days"].quiet_since == days_ago(60)
    assert erie_items["Quiet 60 days"].has_progress
    never = found[lead.pk][1].items[0]
    assert never.quiet_since == days_ago(61) and not never.has_progress


def test_one_email_per_lead_covering_all_their_engagements(lead, erie):
    item(erie, "Erie item", target=days_ago(10))
    topeka = EngagementFactory(community="Topeka", state="KS", lead_staff=lead)
    publish(topeka, days_ago(10))
    item(topeka, "Topeka item", target=days_ago(2))
    other = UserFactory(email="other@example.org", office=office("mid-atlantic"))
    lancaster = EngagementFactory(community="Lancaster", state="PA", lead_staff=other)
    publish(lancaster, days_ago(10))
    item(lancaster, "Lancaster item", target=days_ago(2))

    call_command("send_plan_reminders", today=TODAY, stdout=io.StringIO())

    assert sorted(m.to[0] for m in mail.outbox) == ["lead@example.org", "other@example.org"]
    to_lead = next(m for m in mail.outbox if m.to == ["lead@example.org"])
    assert to_lead.subject == "SPCP action plans: 2 items need attention"
    for text in ("Erie item", "Topeka item", "Erie, PA", "Topeka, KS"):
        assert isolate(text) in to_lead.body
    assert "Lancaster" not in to_lead.body
    assert "Hello \u2068Ana Lead\u2069," in to_lead.body
    due = date_format(days_ago(10), "DATE_FORMAT")
    assert f"Past its target date of {due}; its status is “In progress”." in to_lead.body
    to_other = next(m for m in mail.outbox if m.to == ["other@example.org"])
    assert to_other.subject == "SPCP action plans: 1 item needs attention"


def test_nothing_is_sent_when_nothing_is_due(lead, erie):
    item(erie, "On track", target=D(2026, 12, 31), progress=[days_ago(7)])
    item(erie, "Finished", target=days_ago(40), status=PlanItem.Status.DONE)
    out = io.StringIO()
    call_command("send_plan_reminders", today=TODAY, stdout=out)
    assert mail.outbox == []
    assert "Reminders sent for 2026-03-02: 0." in out.getvalue()


def test_each_person_reads_it_in_their_language(lead, erie):
    """Guards the recipient's language: a Farsi-speaking lead gets Farsi dates in Persian
    digits, whatever language the command runs in; an English one, English."""
    lead.language = "fa"
    lead.save()
    item(erie, "Youth forum 2026", target=D(2026, 2, 12))
    english_lead = UserFactory(email="en@example.org", office=office("mid-atlantic"))
    other = EngagementFactory(community="Lancaster", lead_staff=english_lead)
    publish(other, days_ago(1))
    item(other, "Bike patrols", target=D(2026, 2, 12))

    call_command("send_plan_reminders", today=TODAY, stdout=io.StringIO())

    farsi = next(m for m in mail.outbox if m.to == ["lead@example.org"])
    english = next(m for m in mail.outbox if m.to == ["en@example.org"])
    with translation.override("fa"):
        february = date_format(D(2026, 2, 12), "F")
    assert february != "February" and february in farsi.body
    assert "۱۲" in farsi.body and "۲۰۲۶" in farsi.body
    assert isolate("Youth forum 2026") in farsi.body  # typed text keeps its digits
    assert "Feb" not in farsi.body
    assert date_format(D(2026, 2, 12), "DATE_FORMAT") in english.body  # "Feb. 12, 2026"


def test_dry_run_prints_and_sends_nothing(lead, erie):
    item(erie, "Overdue item", target=days_ago(3))
    out = io.StringIO()
    call_command("send_plan_reminders", "--dry-run", "--today", TODAY.isoformat(), stdout=out)
    assert mail.outbox == []
    printed = out.getvalue()
    assert "To: lead@example.org (en)" in printed
    assert "Subject: SPCP action plans: 1 item needs attention" in printed
    assert "Overdue item" in printed
    assert "Reminders would be sent for 2026-03-02: 1." in printed


def test_a_lead_without_email_is_reported_not_mailed(lead, erie):
    lead.email = ""
    lead.save()
    item(erie, "Overdue item", target=days_ago(3))
    err = io.StringIO()
    call_command("send_plan_reminders", today=TODAY, stdout=io.StringIO(), stderr=err)
    assert mail.outbox == []
    assert "no email address" in err.getvalue()


def test_links_to_the_council_page_with_a_base_url(lead, erie):
    item(erie, "Overdue item", target=days_ago(3))
    (reminder,) = plan_reminders(today=TODAY, base_url="https://spcp.example.org/")
    assert f"https://spcp.example.org/engagements/{erie.pk}/council/" in reminder.body


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_plan_reminders", "--today", "02/03/2026")
