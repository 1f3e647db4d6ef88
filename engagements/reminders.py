"""The weekly reminder to lead staff: items of published action plans that need attention.

An item needs attention when it is not done and either is past its target date, or has had no
progress reported for ``STALE_AFTER`` (60 days), counting from the plan's publication when it
has none. Only published plans count: a draft is still being written. Each lead staff member
gets one email covering every engagement they lead, in their own language (``User.language``,
else ``settings.LANGUAGE_CODE``), and nothing at all when nothing needs attention.

``manage.py send_plan_reminders`` (weekly, from cron or the task worker) calls
:func:`send_plan_reminders`; :func:`plan_reminders` composes the emails without sending them
(``--dry-run``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from offices.languages import in_user_language
from spcp.digits import to_native_digits
from spcp.text import isolate, join_sentences

from .models import ActionPlan, PlanItem

#: How long an item may go without a progress report before the lead staff member hears of it.
STALE_AFTER = datetime.timedelta(days=60)


@dataclass(frozen=True)
class DueItem:
    """A plan item that needs attention on the day of the reminder, and why: ``overdue``
    (past its ``target_date`` and not done) and/or ``quiet_since`` (the date of its latest
    progress update, or of the plan's publication when it has none, when that is
    ``STALE_AFTER`` or more ago; else None). ``has_progress`` says which of the two dates
    ``quiet_since`` is."""

    item: PlanItem
    overdue: bool
    quiet_since: datetime.date | None
    has_progress: bool


@dataclass
class EngagementItems:
    """The items of one engagement's plan that need attention, in the plan's order."""

    engagement: object
    items: list[DueItem] = field(default_factory=list)


@dataclass
class Reminder:
    """One email to one lead staff member (``recipient``), written in ``language``."""

    recipient: object
    engagements: list[EngagementItems]
    language: str
    subject: str = ""
    body: str = ""

    @property
    def item_count(self) -> int:
        return sum(len(e.items) for e in self.engagements)

    @property
    def can_send(self) -> bool:
        """False when the recipient has no email address or is no longer active."""
        return bool(self.recipient.email) and self.recipient.is_active


def items_needing_attention(*, today: datetime.date) -> dict[int, list[EngagementItems]]:
    """Read the items of published plans that need attention on ``today`` (see the module's
    docstring), grouped by the id of their engagement's lead staff member, then by
    engagement (by community), each engagement's items in the plan's order. One query."""
    items = (
        PlanItem.objects.filter(engagement__action_plan__status=ActionPlan.Status.PUBLISHED)
        .exclude(status=PlanItem.Status.DONE)
        .select_related("engagement__lead_staff", "engagement__action_plan")
        .annotate(last_progress=Max("progress_updates__reported_on"))
        .order_by(
            "engagement__lead_staff_id",
            "engagement__community",
            "engagement__state",
            "engagement_id",
            "order",
            "pk",
        )
    )
    found: dict[int, list[EngagementItems]] = {}
    for item in items:
        published_at = item.engagement.action_plan.published_at
        since = item.last_progress or (timezone.localdate(published_at) if published_at else None)
        quiet = since is not None and today - since >= STALE_AFTER
        overdue = item.target_date is not None and item.target_date < today
        if not (overdue or quiet):
            continue
        groups = found.setdefault(item.engagement.lead_staff_id, [])
        if not groups or groups[-1].engagement.pk != item.engagement_id:
            groups.append(EngagementItems(engagement=item.engagement))
        groups[-1].items.append(
            DueItem(
                item=item,
                overdue=overdue,
                quiet_since=since if quiet else None,
                has_progress=item.last_progress is not None,
            )
        )
    return found


def _number(value, language: str) -> str:
    """A number or date the app writes, in the language's digits (Persian digits in Farsi)."""
    return to_native_digits(str(value), language)


def _date(value: datetime.date, language: str) -> str:
    return _number(date_format(value, "DATE_FORMAT"), language)


def _item_lines(due: DueItem, language: str) -> list[str]:
    """The lines about one item: its title (isolated), then why it needs attention."""
    item = due.item
    reasons = []
    if due.overdue:
        reasons.append(
            _("Past its target date of %(date)s; its status is “%(status)s”.")
            % {"date": _date(item.target_date, language), "status": item.get_status_display()}
        )
    if due.quiet_since is not None:
        if due.has_progress:
            text = _("No progress reported since %(date)s.")
        else:
            text = _("No progress reported since the plan was published on %(date)s.")
        reasons.append(text % {"date": _date(due.quiet_since, language)})
    return [f"• {isolate(item.title)}", f"  {join_sentences(reasons)}"]


def _compose(reminder: Reminder, *, base_url: str) -> None:
    """Write ``reminder``'s subject and plain-text body in the active language (the
    recipient's): user text (names, engagements, item titles) between Unicode isolates
    (FSI … PDI), numbers and dates in the language's digits."""
    language = reminder.language
    count = reminder.item_count
    reminder.subject = ngettext(
        "SPCP action plans: %(count)s item needs attention",
        "SPCP action plans: %(count)s items need attention",
        count,
    ) % {"count": _number(count, language)}
    days = STALE_AFTER.days
    lines = [
        _("Hello %(name)s,") % {"name": isolate(reminder.recipient)},
        "",
        ngettext(
            "These items of the action plans you lead are past their target date or have had "
            "no progress reported for %(days)s day.",
            "These items of the action plans you lead are past their target date or have had "
            "no progress reported for %(days)s days.",
            days,
        )
        % {"days": _number(days, language)},
    ]
    for group in reminder.engagements:
        lines += ["", isolate(group.engagement)]
        for due in group.items:
            lines += _item_lines(due, language)
        if base_url:
            url = base_url.rstrip("/") + reverse("engagements:council", args=[group.engagement.pk])
            lines.append(_("Report progress on the council page: %(url)s") % {"url": url})
    lines += [
        "",
        _(
            "You get this email once a week while items of your plans need attention, and "
            "none when nothing does."
        ),
    ]
    reminder.body = "\n".join(lines) + "\n"


def plan_reminders(*, today: datetime.date, base_url: str = "") -> list[Reminder]:
    """The reminders to send on ``today``: one per lead staff member with at least one item
    needing attention (:func:`items_needing_attention`), composed in their language, with a
    link to each engagement's council page when ``base_url`` ("https://spcp.example.org") is
    given. Empty when nothing needs attention. Sends nothing and writes nothing."""
    found = items_needing_attention(today=today)
    reminders = []
    for groups in found.values():
        recipient = groups[0].engagement.lead_staff
        with in_user_language(recipient, default=settings.LANGUAGE_CODE) as language:
            reminder = Reminder(recipient=recipient, engagements=groups, language=language)
            _compose(reminder, base_url=base_url)
        reminders.append(reminder)
    return reminders


def send_plan_reminders(
    *, today: datetime.date, base_url: str = "", dry_run: bool = False
) -> list[Reminder]:
    """Compose the reminders of ``today`` (:func:`plan_reminders`) and, unless ``dry_run``,
    email each one that can be sent (``Reminder.can_send``) over one connection. Returns all
    the reminders, sent or not; mail errors (``smtplib.SMTPException``, ``OSError``) are
    raised."""
    reminders = plan_reminders(today=today, base_url=base_url)
    if not dry_run:
        messages = [
            EmailMessage(subject=r.subject, body=r.body, to=[r.recipient.email])
            for r in reminders
            if r.can_send
        ]
        if messages:
            get_connection().send_messages(messages)
    return reminders
