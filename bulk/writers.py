"""Writing rows as CSV or XLSX that a spreadsheet opens as plain text, never as a formula (CSV injection).

CSV: UTF-8 with a BOM (Excel reads it as UTF-8), comma-separated, and every cell starting with = + - @ (or a tab or
carriage return) is written after an apostrophe, which spreadsheets show as text and the import takes off again.
XLSX: every text cell is stored as a string, so ``=1+1`` stays the text ``=1+1``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bulk.readers import FORMULA_TRIGGERS

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def write_csv(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """The table as CSV bytes (UTF-8 with BOM), cells that a spreadsheet would run made literal."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _text_cell(sheet, value: str, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    # openpyxl would store a text starting with "=" as a formula: it is data, stored as a string.
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(
    header: list[str], rows: Iterable[list[str]], *, sheets: dict[str, list[list[str]]] | None = None
) -> bytes:
    """The table as an XLSX workbook (first sheet), every cell a string; ``sheets``: further sheets (a data
    dictionary), their first row bold."""
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet("data")
    data.append([_text_cell(data, name, bold=True) for name in header])
    for row in rows:
        data.append([_text_cell(data, value) for value in row])
    for title, table in (sheets or {}).items():
        sheet = workbook.create_sheet(title[:31])
        for index, row in enumerate(table):
            sheet.append([_text_cell(sheet, value, bold=index == 0) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
