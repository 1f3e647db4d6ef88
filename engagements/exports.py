"""The action plan's items as a spreadsheet (CSV or Excel XLSX), for the council.

One row per item, in the plan's order: number, title, priority issues, actions, responsible
party, target date, status and the latest progress (date and note). Headers and statuses are
in the active language (the page's the export was asked from); what people typed is as typed.

Safe to open in a spreadsheet: a cell whose text a spreadsheet would run as a formula (it
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, also after spaces) gets a
single quote in front, as the OWASP guidance on CSV injection asks, and every CSV field is
quoted. In XLSX the number and the dates are real numbers and dates; in CSV dates are ISO 8601
(``2026-03-31``). Control characters a spreadsheet cannot hold are dropped.
"""

from __future__ import annotations

import csv
import datetime
import re
from io import BytesIO

import tablib
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import load_workbook

#: Text a spreadsheet may read as a formula: after optional white space, one of = + - @, a tab
#: or a carriage return (OWASP, "CSV Injection"), or their full-width forms.
FORMULA_START = re.compile(r"^\s*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]")
#: Control characters that neither XLSX nor most CSV readers accept (tab, line feed and
#: carriage return are kept).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def spreadsheet_text(value) -> str:
    """``value`` (made a string; None gives "") safe to put in a spreadsheet cell: control
    characters dropped, and a single quote in front when the text would otherwise start a
    formula (see ``FORMULA_START``): ``=HYPERLINK(...)`` becomes ``'=HYPERLINK(...)``."""
    text = CONTROL_CHARACTERS.sub("", "" if value is None else str(value))
    return "'" + text if FORMULA_START.match(text) else text


def _headers() -> list[str]:
    return [
        pgettext("the number of an item of the action plan", "Number"),
        _("Title"),
        _("Priority issues"),
        _("Actions"),
        _("Responsible party"),
        _("Target date"),
        pgettext("the state of an item of the action plan", "Status"),
        _("Latest progress: date"),
        _("Latest progress: note"),
    ]


def plan_items_dataset(items) -> tablib.Dataset:
    """A ``tablib.Dataset`` of the plan ``items`` (``queries.plan_items``: issues and progress
    updates prefetched, progress newest first), with translated headers. Numbers stay ``int``
    and dates ``datetime.date`` (or None); every text goes through :func:`spreadsheet_text`."""
    dataset = tablib.Dataset(headers=_headers(), title=_("Action plan"))
    for number, item in enumerate(items, start=1):
        latest = next(iter(item.progress_updates.all()), None)
        dataset.append(
            [
                number,
                spreadsheet_text(item.title),
                spreadsheet_text("\n".join(issue.text for issue in item.issues.all())),
                spreadsheet_text("\n".join(item.action_list)),
                spreadsheet_text(item.responsible_party),
                item.target_date,
                spreadsheet_text(item.get_status_display()),
                latest.reported_on if latest else None,
                spreadsheet_text(latest.note) if latest else "",
            ]
        )
    return dataset


def to_csv(dataset: tablib.Dataset) -> bytes:
    """``dataset`` as CSV in UTF-8 with a byte-order mark (so that Excel reads Farsi, Hindi
    and Chinese right), every field quoted, dates in ISO 8601."""
    rows = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        rows.append([v.isoformat() if isinstance(v, datetime.date) else v for v in row])
    text = rows.export("csv", quoting=csv.QUOTE_ALL)
    return ("\ufeff" + text).encode("utf-8")


def to_xlsx(dataset: tablib.Dataset) -> bytes:
    """``dataset`` as an Excel workbook of one sheet: headers in bold and frozen, numbers and
    dates as real values (dates shown as yyyy-mm-dd), the sheet right to left when the active
    language is (Farsi)."""
    data = dataset.export("xlsx")
    if not translation.get_language_bidi():
        return data
    workbook = load_workbook(BytesIO(data))
    for sheet in workbook.worksheets:
        sheet.sheet_view.rightToLeft = True
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


EXPORTERS = {"csv": to_csv, "xlsx": to_xlsx}


def export_filename(engagement, file_format: str, *, today: datetime.date) -> str:
    """A safe ASCII file name for the export of ``engagement``'s plan on ``today``:
    ``spcp-action-plan-erie-pa-2026-03-31.xlsx``. Letters without an ASCII form (a Farsi
    community's name) are left out; the engagement's id stands in when nothing is left."""
    place = slugify(f"{engagement.community} {engagement.state}") or str(engagement.pk)
    return f"spcp-action-plan-{place}-{today.isoformat()}.{file_format}"
