"""The council page's chart of the plan's items by status, month by month (``engagements
.charts``, ``queries.plan_status_chart``): the figures, the drawing and the table beside it."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from engagements import charts, queries
from engagements.models import ActionPlan, Engagement, PlanItem, ProgressUpdate
from tests.factories import PlanItemFactory

D = datetime.date
NS, IP, DONE, HOLD = "not_started", "in_progress", "done", "on_hold"


def counts(month: charts.StatusMonth) -> dict:
    """The non-zero counts of ``month``."""
    return {status: n for status, n in month.counts.items() if n}


# -- the figures (pure) -----------------------------------------------------------------------


def test_an_item_counts_in_the_status_of_its_latest_update_at_each_month_end():
    """Guards the rule: status at month end = the latest update on or before it, else "not
    started"; an update on the last day counts for that month, one on the 1st for the next;
    two updates the same day: the later (higher id) wins; the current month counts to today."""
    updates = [
        (1, D(2024, 1, 31), 10, IP),  # last day of January: January
        (1, D(2024, 2, 1), 11, DONE),  # first day of February: February
        (2, D(2024, 3, 15), 13, IP),  # same day, higher id: the later one
        (2, D(2024, 3, 15), 12, HOLD),
        (3, D(2024, 4, 11), 14, DONE),  # after today: not counted
        (99, D(2024, 1, 5), 15, DONE),  # not one of the items: ignored
    ]
    months = charts.status_by_month(
        item_ids=[1, 2, 3], updates=updates, start=D(2024, 1, 10), today=D(2024, 4, 10)
    )
    assert [m.month for m in months] == [D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1), D(2024, 4, 1)]
    assert [m.as_of for m in months] == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 10),
    ]
    assert [counts(m) for m in months] == [
        {IP: 1, NS: 2},
        {DONE: 1, NS: 2},
        {DONE: 1, IP: 1, NS: 1},
        {DONE: 1, IP: 1, NS: 1},
    ]
    assert [m.is_partial for m in months] == [False, False, False, True]
    assert {m.total for m in months} == {3}


def test_items_without_updates_are_not_started_and_every_status_is_present():
    months = charts.status_by_month(
        item_ids=[1, 2], updates=[], start=D(2025, 12, 1), today=D(2026, 1, 1)
    )
    assert [m.counts for m in months] == [{DONE: 0, IP: 0, HOLD: 0, NS: 2}] * 2


def test_month_starts_cross_the_year_and_stop_at_the_end():
    assert charts.month_starts(D(2025, 11, 30), D(2026, 2, 1)) == [
        D(2025, 11, 1),
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]
    assert charts.month_starts(D(2026, 3, 1), D(2026, 2, 28)) == []


def test_chart_starts_at_the_earlier_of_publication_and_first_update():
    assert charts.chart_start(D(2024, 5, 1), D(2024, 3, 2)) == D(2024, 3, 2)
    assert charts.chart_start(D(2024, 1, 1), D(2024, 3, 2)) == D(2024, 1, 1)
    assert charts.chart_start(None, D(2024, 3, 2)) == D(2024, 3, 2)
    assert charts.chart_start(None, None) is None


# -- the drawing ------------------------------------------------------------------------------


def three_months():
    return charts.status_by_month(
        item_ids=[1, 2, 3],
        updates=[(1, D(2024, 2, 10), 1, DONE), (2, D(2024, 3, 1), 2, HOLD)],
        start=D(2024, 1, 1),
        today=D(2024, 3, 31),
    )


def test_bars_stack_each_months_counts_to_the_same_scale():
    chart = charts.build_status_chart(three_months())
    by_month = {}
    for segment in chart.segments:
        by_month.setdefault(segment.x, []).append(segment)
    assert len(by_month) == 3
    lefts = sorted(by_month)
    last = sorted(by_month[lefts[-1]], key=lambda s: -s.y)  # from the bottom up
    assert [(s.status, s.count) for s in last] == [(DONE, 1), (HOLD, 1), (NS, 1)]
    unit = last[0].height
    assert all(abs(s.height - s.count * unit) < 0.02 for s in chart.segments)
    assert abs(last[0].y + last[0].height - charts.PLOT_BOTTOM) < 0.02
    assert [t.value for t in chart.count_ticks] == [0, 1, 2, 3]


@pytest.mark.parametrize("rtl", [False, True])
def test_many_months_with_the_same_figures_share_one_bar(rtl):
    """Guards the long chart (Erie: eight years of months): touching bars of equal months are
    one bar, which covers the same ground as the months it stands for."""
    months = charts.status_by_month(
        item_ids=[1, 2],
        updates=[(1, D(2020, 1, 15), 1, DONE)],
        start=D(2016, 1, 1),
        today=D(2023, 12, 31),
    )
    chart = charts.build_status_chart(months, rtl=rtl)
    width = chart.plot_end - chart.plot_start
    slot = width / len(months)
    assert slot < 6  # narrow enough for the bars to touch
    # 2016-2019: two items not started (one bar); 2020-2023: one done, one not (two segments).
    assert [(s.status, s.count) for s in chart.segments] == [(NS, 2), (DONE, 1), (NS, 1)]
    early, late = chart.segments[0], chart.segments[1]
    assert abs(early.width - 48 * slot) < 0.02 and abs(late.width - 48 * slot) < 0.02
    assert abs(early.x - (chart.plot_end - 48 * slot if rtl else chart.plot_start)) < 0.02
    assert abs(late.x - (chart.plot_start if rtl else chart.plot_start + 48 * slot)) < 0.02


def test_right_to_left_runs_time_from_the_right():
    """Guards the Farsi chart: the first month is on the right, the counts' axis too."""
    ltr = charts.build_status_chart(three_months())
    rtl = charts.build_status_chart(three_months(), rtl=True)
    first_month_x = lambda chart: chart.segments[0].x  # noqa: E731 (segments in month order)
    assert first_month_x(ltr) < ltr.segments[-1].x
    assert first_month_x(rtl) > rtl.segments[-1].x
    assert rtl.count_label_x > rtl.plot_end > rtl.plot_start
    assert ltr.count_label_x < ltr.plot_start


def test_year_labels_fit_and_do_not_crowd():
    months = charts.status_by_month(
        item_ids=[1], updates=[], start=D(2018, 5, 10), today=D(2026, 11, 21)
    )
    chart = charts.build_status_chart(months)
    years = [t.value for t in chart.year_ticks]
    positions = [t.position for t in chart.year_ticks]
    assert years[0] == 2018 and years == sorted(years) and len(years) >= 4
    assert all(
        b - a >= charts.MIN_LABEL_GAP for a, b in zip(positions, positions[1:], strict=False)
    )
    assert positions[-1] <= chart.plot_end - charts.YEAR_LABEL_WIDTH


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_colours_contrast_with_the_page_and_patterns_tell_statuses_apart():
    """Guards WCAG 1.4.11 (≥ 3:1 against white) and 1.4.1 (not by colour alone)."""
    for style in charts.STATUS_STYLE.values():
        ratio = 1.05 / (relative_luminance(style["colour"]) + 0.05)
        assert ratio >= 3, style
    patterns = [style["pattern"] for style in charts.STATUS_STYLE.values()]
    assert len(set(patterns)) == len(patterns) == len(PlanItem.Status)


# -- the query and the page -------------------------------------------------------------------


def report(item, day, status):
    ProgressUpdate.objects.create(
        engagement=item.engagement, plan_item=item, reported_on=day, status=status, note="Note"
    )


@pytest.fixture
def reported(engagement):
    """Three items; the plan published on 20 December 2023; updates in January and March."""
    ActionPlan.objects.filter(engagement=engagement).update(
        status="published",
        published_at=datetime.datetime(2023, 12, 20, 12, tzinfo=datetime.UTC),
    )
    engagement.refresh_from_db()
    first, second, _third = (PlanItemFactory(engagement=engagement) for _ in range(3))
    report(first, D(2024, 1, 31), IP)
    report(second, D(2024, 3, 1), DONE)
    report(first, D(2024, 3, 1), HOLD)
    return engagement


@pytest.mark.django_db
def test_query_starts_at_publication_and_reads_in_two_queries(reported, django_assert_num_queries):
    engagement = Engagement.objects.select_related("action_plan").get(pk=reported.pk)
    with django_assert_num_queries(2):
        chart = queries.plan_status_chart(engagement, today=D(2024, 4, 2))
    assert [m.month for m in chart.months] == [
        D(2023, 12, 1),
        D(2024, 1, 1),
        D(2024, 2, 1),
        D(2024, 3, 1),
        D(2024, 4, 1),
    ]
    assert [counts(m) for m in chart.months] == [
        {NS: 3},
        {IP: 1, NS: 2},
        {IP: 1, NS: 2},
        {DONE: 1, HOLD: 1, NS: 1},
        {DONE: 1, HOLD: 1, NS: 1},
    ]


@pytest.mark.django_db
def test_no_chart_before_the_first_update(engagement):
    PlanItemFactory(engagement=engagement)
    assert queries.plan_status_chart(engagement) is None


class TableAndChart(HTMLParser):
    """The status chart's <svg> attributes and texts, and the rows of its table."""

    def __init__(self):
        super().__init__()
        self.svg_attrs, self.svg_ids, self.rects, self.svg_texts = None, set(), [], []
        self.rows, self.headers = [], []
        self._in_svg = self._in_table = False
        self._cell = None
        self._stack = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and attrs.get("role") == "img":
            self.svg_attrs, self._in_svg = attrs, True
        elif self._in_svg:
            if "id" in attrs:
                self.svg_ids.add(attrs["id"])
            if tag == "rect" and attrs.get("fill", "").startswith("url(#status-chart-"):
                self.rects.append(attrs)
            self._stack.append(tag)
        if tag == "table" and "status-chart-table" in attrs.get("class", ""):
            self._in_table = True
        elif self._in_table and tag == "tr":
            self.rows.append([])
        elif self._in_table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "svg" and self._in_svg:
            self._in_svg = False
        elif self._in_svg and self._stack:
            self._stack.pop()
        if tag == "table":
            self._in_table = False
        elif self._in_table and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._in_svg and self._stack and self._stack[-1] in ("text", "title", "desc"):
            self.svg_texts.append((self._stack[-1], data.strip()))


def council_page(client, engagement, language="en"):
    with translation.override(language):
        url = reverse("engagements:council", args=[engagement.pk])
    response = client.get(url)
    assert response.status_code == 200
    parsed = TableAndChart()
    parsed.feed(response.content.decode())
    return parsed


@pytest.mark.django_db
def test_council_page_shows_an_accessible_svg_and_the_same_figures_in_a_table(
    staff_client, reported
):
    """Guards what a reader gets: an SVG image named by its <title> (role=img, no script),
    and a table with one row per month holding exactly the chart's figures."""
    page = council_page(staff_client, reported)
    chart = queries.plan_status_chart(reported)
    svg = page.svg_attrs
    assert svg is not None and svg["role"] == "img"
    assert svg["aria-labelledby"] in page.svg_ids
    assert svg["aria-describedby"] in page.svg_ids
    assert ("title", "Plan items by status over time") in page.svg_texts
    assert svg["viewbox"] == f"0 0 {charts.WIDTH} {charts.HEIGHT}"
    assert len(page.rects) == len(chart.segments)

    header, *rows = page.rows
    labels = [str(PlanItem.Status(s).label) for s in charts.STATUS_ORDER]
    assert header == ["Month", *labels, "Total"]
    assert len(rows) == len(chart.months)
    assert rows[0] == ["December 2023", "0", "0", "0", "3", "3"]
    assert rows[4] == ["April 2024", "1", "0", "1", "1", "3"]
    for row, month in zip(rows, chart.months, strict=True):
        assert [int(n) for n in row[1:-1]] == [n for _s, n in month.ordered_counts()]
        assert int(row[-1]) == month.total
    assert rows[-1][0].endswith("(to date)")


@pytest.mark.django_db
def test_council_page_without_updates_says_the_chart_comes_later(staff_client, engagement):
    content = staff_client.get(reverse("engagements:council", args=[engagement.pk])).content
    content = content.decode()
    assert 'role="img"' not in content
    assert "appears with the first progress report" in content


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "fa", "hi"])
def test_coordinates_stay_numbers_in_every_language(staff_client, reported, language):
    """Guards the SVG against the page's number format: Vietnamese writes 12,5 for 12.5,
    which would break every coordinate, and Farsi's Persian digits are for shown text only."""
    page = council_page(staff_client, reported, language)
    number = re.compile(r"-?\d+(\.\d+)?")
    assert page.rects and all(
        number.fullmatch(rect[a]) for rect in page.rects for a in ("x", "y", "width", "height")
    )
    assert any("." in rect["x"] for rect in page.rects)  # fractional coordinates were tested


@pytest.mark.django_db
def test_farsi_chart_shows_persian_digits_and_runs_right_to_left(staff_client, reported):
    page = council_page(staff_client, reported, "fa")
    years = [text for kind, text in page.svg_texts if kind == "text" and len(text) == 4]
    assert "۲۰۲۳" in years and not any(re.search("[0-9]", y) for y in years)
    header, *rows = page.rows
    assert all(re.fullmatch("[۰-۹]+", cell) for row in rows for cell in row[1:])
    xs = [float(rect["x"]) for rect in page.rects]
    assert xs[0] > xs[-1]  # December 2023 on the right


@pytest.mark.django_db
def test_the_current_month_is_counted_to_today(reported):
    today = timezone.localdate()
    chart = queries.plan_status_chart(reported, today=today)
    assert chart.last.month == today.replace(day=1) and chart.last.as_of == today
