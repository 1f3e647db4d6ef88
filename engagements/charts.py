"""The council page's chart: the plan's items by status, month by month.

Pure logic, no request and no database: ``engagements.queries.plan_status_chart`` reads the
items and their progress updates and hands them to :func:`status_by_month`, then to
:func:`build_status_chart`, whose result ``templates/engagements/includes/status_chart.html``
draws as server-side SVG (no script, nothing from another host) beside a table of the same
figures.

How the figures are counted: for each month from the plan's publication or its first progress
update (whichever is earlier) to the current month, every item of the plan is counted once, in
the status it had at the end of that month (for the current month: today). An item's status on
a date is the status of its latest progress update reported on or before that date (the later
one of two updates on the same day), else "not started", the status of a new item.
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models.action_plan import PlanItem

Status = PlanItem.Status

#: The statuses from the bottom of a bar to its top, as in the legend and the table.
STATUS_ORDER: tuple[str, ...] = (
    Status.DONE,
    Status.IN_PROGRESS,
    Status.ON_HOLD,
    Status.NOT_STARTED,
)

#: Each status's fill and pattern. Every colour has at least 3:1 contrast against the page's
#: white background (WCAG 2.1, 1.4.11 non-text contrast: 4.5, 6.4, 4.8 and 4.7:1), and each
#: status has its own pattern (solid, diagonal, horizontal stripes, dots), so that the chart
#: reads without colour too.
STATUS_STYLE: dict[str, dict[str, str]] = {
    Status.DONE: {"colour": "#198754", "pattern": "solid"},
    Status.IN_PROGRESS: {"colour": "#0a58ca", "pattern": "diagonal"},
    Status.ON_HOLD: {"colour": "#b35900", "pattern": "horizontal"},
    Status.NOT_STARTED: {"colour": "#6c757d", "pattern": "dots"},
}

# The drawing's size in SVG user units; the <svg> scales to its box (viewBox).
WIDTH, HEIGHT = 480, 240
# The plot area inside it: room for the item counts on the start side and the years below.
PLOT_TOP, PLOT_BOTTOM = 12, 200
PLOT_START_MARGIN, PLOT_END_MARGIN = 36, 8
# The fewest user units between two year labels on the time axis.
MIN_LABEL_GAP = 48
# The room a year label (four digits) needs after its tick.
YEAR_LABEL_WIDTH = 40


@dataclass(frozen=True)
class StatusMonth:
    """The figures of one month: ``month`` is its first day, ``as_of`` the day its counts
    are taken (its last day, or today for the current month), ``counts`` the number of items
    in each status (every status of ``STATUS_ORDER`` present, 0 included)."""

    month: datetime.date
    as_of: datetime.date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """The number of items counted in the month."""
        return sum(self.counts.values())

    @property
    def is_partial(self) -> bool:
        """True for the current month, counted up to today rather than to its end."""
        return self.as_of < month_end(self.month)

    def ordered_counts(self) -> list[tuple[str, int]]:
        """``(status, count)`` in ``STATUS_ORDER``, for the table's cells."""
        return [(status, self.counts[status]) for status in STATUS_ORDER]


def month_end(month: datetime.date) -> datetime.date:
    """The last day of the month of ``month``."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def month_starts(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of every month from the month of ``start`` to the month of ``end``,
    both included; empty when ``end`` is in an earlier month than ``start``."""
    months = []
    current = start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


def status_by_month(
    *,
    item_ids: Iterable[int],
    updates: Iterable[tuple[int, datetime.date, int, str]],
    start: datetime.date,
    today: datetime.date,
) -> list[StatusMonth]:
    """Count the items ``item_ids`` by status at the end of every month from ``start``'s
    month to ``today``'s (see the module's docstring for the rule).

    ``updates`` are ``(plan item id, reported on, id, status)``: of two updates reported the
    same day, the one with the higher id is the later. Updates of items not in ``item_ids``
    are ignored. Returns one ``StatusMonth`` per month, oldest first; an empty list when
    ``start`` is after ``today``. Never touches the database."""
    items = list(dict.fromkeys(item_ids))
    known = set(items)
    ordered = sorted((u for u in updates if u[0] in known), key=lambda u: (u[1], u[2]))
    current = dict.fromkeys(items, Status.NOT_STARTED)
    result, position = [], 0
    for month in month_starts(start, today):
        as_of = min(month_end(month), today)
        while position < len(ordered) and ordered[position][1] <= as_of:
            item_id, _reported_on, _pk, status = ordered[position]
            current[item_id] = status
            position += 1
        counts = dict.fromkeys(STATUS_ORDER, 0)
        for status in current.values():
            counts[status] = counts.get(status, 0) + 1
        result.append(StatusMonth(month=month, as_of=as_of, counts=counts))
    return result


def chart_start(
    published_on: datetime.date | None, first_update_on: datetime.date | None
) -> datetime.date | None:
    """Where the chart begins: the earlier of the plan's publication and its first progress
    update (either may be None); None when both are."""
    dates = [d for d in (published_on, first_update_on) if d is not None]
    return min(dates) if dates else None


# -- the drawing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One status's part of one month's bar, in SVG user units."""

    status: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    """A label on an axis: its position (x for the time axis, y for the count axis), the
    value it shows (a year, or a number of items) and, for the count axis, its grid line."""

    position: float
    value: int


@dataclass
class StatusChart:
    """Everything the template needs: the months' figures (for the table), the bars' segments,
    the ticks of both axes, the statuses' styles for the legend and the patterns, and the
    geometry of the drawing. ``rtl`` charts run from right to left (the first month on the
    right), with the count axis on the right, as a right-to-left reader expects."""

    months: list[StatusMonth]
    segments: list[Segment]
    year_ticks: list[Tick]
    count_ticks: list[Tick]
    rtl: bool
    width: int = WIDTH
    height: int = HEIGHT
    styles: list[dict] = field(default_factory=list)

    @property
    def first(self) -> StatusMonth:
        return self.months[0]

    @property
    def last(self) -> StatusMonth:
        return self.months[-1]

    @property
    def plot_top(self) -> int:
        return PLOT_TOP

    @property
    def plot_bottom(self) -> int:
        return PLOT_BOTTOM

    @property
    def plot_start(self) -> float:
        """The x of the plot's left edge."""
        return PLOT_END_MARGIN if self.rtl else PLOT_START_MARGIN

    @property
    def plot_end(self) -> float:
        """The x of the plot's right edge."""
        return WIDTH - (PLOT_START_MARGIN if self.rtl else PLOT_END_MARGIN)

    @property
    def count_label_x(self) -> float:
        """The x where the count axis's labels are anchored (their end in left-to-right,
        their start in right-to-left: the drawing itself is always left-to-right)."""
        return self.plot_end + 4 if self.rtl else self.plot_start - 4

    @property
    def count_label_anchor(self) -> str:
        return "start" if self.rtl else "end"

    @property
    def year_label_y(self) -> int:
        return PLOT_BOTTOM + 20

    @property
    def year_label_anchor(self) -> str:
        """Year labels start at their tick and run into their year, in the time's direction."""
        return "end" if self.rtl else "start"


def nice_step(maximum: int, target_ticks: int = 5) -> int:
    """A step of 1, 2 or 5 times a power of ten that divides ``0…maximum`` into at most
    about ``target_ticks`` intervals (1 for a ``maximum`` of 5 or less)."""
    if maximum <= target_ticks:
        return 1
    raw = maximum / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if multiple * power >= raw:
            return multiple * power
    return 10 * power  # pragma: no cover (the loop always returns)


def build_status_chart(months: list[StatusMonth], *, rtl: bool = False) -> StatusChart:
    """Lay out ``months`` (at least one, from :func:`status_by_month`) as stacked bars, one per
    month, the statuses in ``STATUS_ORDER`` from the bottom up, with the years on the time axis
    (at each January, and the first month) and item counts on the other. When there are so
    many months that the bars touch, consecutive months with the same figures share one bar.
    With ``rtl`` the time runs from right to left. Raises ``ValueError`` for an empty ``months``."""
    if not months:
        raise ValueError("A chart needs at least one month.")
    chart = StatusChart(
        months=months,
        segments=[],
        year_ticks=[],
        count_ticks=[],
        rtl=rtl,
        styles=[{"status": s, "label": Status(s).label, **STATUS_STYLE[s]} for s in STATUS_ORDER],
    )
    left, right = chart.plot_start, chart.plot_end
    slot = (right - left) / len(months)
    gap = slot * 0.2 if slot >= 6 else 0  # narrow bars touch: the chart reads as an area
    top = max((m.total for m in months), default=0)
    step = nice_step(top)
    axis_top = max(step * math.ceil(top / step), 1)
    scale = (PLOT_BOTTOM - PLOT_TOP) / axis_top

    def x_of(index: int) -> float:
        """The left edge of the slot of month ``index`` (0 the first)."""
        return right - (index + 1) * slot if rtl else left + index * slot

    # Bars one slot wide; narrow ones touch, and then a run of months with the same figures is
    # drawn as one wide bar (the same picture, without hairlines between the months).
    runs: list[list[int]] = []  # [first index, last index]
    for index, month in enumerate(months):
        if gap == 0 and runs and months[runs[-1][0]].counts == month.counts:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    for first, last in runs:
        span = last - first + 1
        x = (x_of(last) if rtl else x_of(first)) + gap / 2
        bottom = float(PLOT_BOTTOM)
        for status in STATUS_ORDER:
            count = months[first].counts[status]
            if not count:
                continue
            height = count * scale
            bottom -= height
            chart.segments.append(
                Segment(
                    status=status,
                    count=count,
                    x=round(x, 2),
                    y=round(bottom, 2),
                    width=round(span * slot - gap, 2),
                    height=round(height, 2),
                )
            )
    chart.count_ticks = [
        Tick(position=round(PLOT_BOTTOM - value * scale, 2), value=value)
        for value in range(0, axis_top + 1, step)
    ]
    # Years: the first month's, then each January, leaving out a label too close to the one
    # before it or too close to the far edge to fit (labels run from their tick into the year).
    last_kept = None
    for index, month in enumerate(months):
        if index and month.month.month != 1:
            continue
        distance = index * slot
        if index and (
            distance - last_kept < MIN_LABEL_GAP or (right - left) - distance < YEAR_LABEL_WIDTH
        ):
            continue
        edge = x_of(index) + (slot if rtl else 0)
        chart.year_ticks.append(Tick(position=round(edge, 2), value=month.month.year))
        last_kept = distance
    return chart
