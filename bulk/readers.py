"""Reading an uploaded CSV or XLSX file as a header and rows of plain text, refusing what a table must not hold.

The file is checked before a cell is read: its size against ``BULK_IMPORT_MAX_BYTES``, an XLSX by the upload
validators every attachment goes through (content, not name; ZIP bombs), a CSV for UTF-8 (a BOM is fine) with its
delimiter sniffed (comma, semicolon or tab). Cells are then read as text: an XLSX formula or error value is a row error
(its cached value is never trusted), a CSV cell starting with ``=`` too; the apostrophe the export puts before a cell
starting with = + - @ is taken off again; control characters are refused with the house's one text rule.
"""

from __future__ import annotations

import codecs
import csv
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from bulk.errors import BulkError
from marketplace.uploads import ATTACHMENT_TYPES, check_upload
from marketplace.validators import reject_control_characters

XLSX = ".xlsx"
CSV = ".csv"
FORMATS = (CSV, XLSX)
XLSX_TYPES = {XLSX: ATTACHMENT_TYPES[XLSX]}
MAX_COLUMNS = 60
# A cell starting with one of these is a formula to a spreadsheet; the export writes it after an apostrophe.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SNIFF_BYTES = 64 * 1024


@dataclass
class Cell:
    text: str
    error: str = ""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    problems: list[str] = field(default_factory=list)


def file_format(name: str) -> str:
    ext = PurePath(name or "").suffix.lower()
    if ext not in FORMATS:
        raise BulkError(
            _("Upload a CSV or XLSX file (the templates on this page)."),
            code="unsupported_file_type",
        )
    return ext


def check_size(upload: File) -> None:
    limit = settings.BULK_IMPORT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise BulkError(
            _("This file is %(size)s; an import takes at most %(limit)s. Split it into several files.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    if not upload.size:
        raise BulkError(_("This file is empty."), code="empty_file")


def _literal(text: str) -> str:
    """A cell's text with the export's protective apostrophe taken off again."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def _checked(text: str) -> Cell:
    text = text.strip()
    try:
        reject_control_characters(text)
    except ValidationError as exc:
        return Cell("", exc.messages[0])
    if text.startswith("="):
        return Cell("", _("Formulas are not imported; type the value (or start the cell with an apostrophe)."))
    return Cell(_literal(text))


# --- XLSX ------------------------------------------------------------------------------------------------------


def _xlsx_cell(cell) -> Cell:
    value = cell.value
    data_type = getattr(cell, "data_type", None)
    if value is None:
        return Cell("")
    if data_type == "f":
        return Cell("", _("Formulas are not imported; type the value (or start the cell with an apostrophe)."))
    if data_type == "e":
        return Cell("", _("The cell holds a spreadsheet error (%(value)s).") % {"value": str(value)[:20]})
    if isinstance(value, bool):
        return Cell("yes" if value else "no")
    if isinstance(value, datetime.datetime):
        return Cell(value.date().isoformat())
    if isinstance(value, datetime.date):
        return Cell(value.isoformat())
    if isinstance(value, int):
        return Cell(str(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return Cell("", _("The cell holds a number that is not a number."))
        # Excel stores 6 as 6.0 and 2500000.5 as a float: write it back the way it is shown.
        return Cell(str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f"))
    if isinstance(value, str):
        return _checked(value)
    return Cell("", _("This kind of cell cannot be imported; type the value as text."))


def _read_xlsx(upload: File) -> Table:
    check_upload(upload, allowed=XLSX_TYPES, max_bytes=settings.BULK_IMPORT_MAX_BYTES)
    upload.seek(0)
    try:
        # Read-only: rows are streamed from the archive, never the whole sheet in memory; formulas come as formulas.
        workbook = load_workbook(upload, read_only=True, data_only=False, keep_links=False)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(max_col=MAX_COLUMNS)
        header_cells = next(rows, ())
    except Exception as exc:
        raise BulkError(
            _("This XLSX file cannot be read. Save it again from your spreadsheet."), code="bad_file"
        ) from exc
    header = [_xlsx_cell(cell).text.lower() for cell in header_cells]

    def generate() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for number, cells in enumerate(rows, start=2):
                yield getattr(cells[0], "row", number) if cells else number, [_xlsx_cell(cell) for cell in cells]
        except Exception as exc:
            raise BulkError(
                _("This XLSX file cannot be read. Save it again from your spreadsheet."), code="bad_file"
            ) from exc
        finally:
            workbook.close()

    return Table(header=header, rows=generate())


# --- CSV -------------------------------------------------------------------------------------------------------


def _read_csv(upload: File) -> Table:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if b"\x00" in head:
        raise BulkError(_("This is not a text CSV file (it holds NUL bytes)."), code="bad_file")
    try:
        sample = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise BulkError(_("Save the CSV file as UTF-8 (“CSV UTF-8” in Excel)."), code="bad_encoding") from exc
    try:
        # The header decides: its names hold no delimiter of their own.
        delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    # Decoded as it is read (the BOM dropped): a large file is never held in memory twice.
    reader = csv.reader(codecs.iterdecode(upload, "utf-8-sig"), delimiter=delimiter)
    try:
        header = [_checked(name).text.lower() for name in next(reader, [])][:MAX_COLUMNS]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise BulkError(_("Save the CSV file as UTF-8 (“CSV UTF-8” in Excel)."), code="bad_encoding") from exc

    def generate() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for number, cells in enumerate(reader, start=2):
                yield number, [_checked(text) for text in cells[:MAX_COLUMNS]]
        except UnicodeDecodeError as exc:
            raise BulkError(_("Save the CSV file as UTF-8 (“CSV UTF-8” in Excel)."), code="bad_encoding") from exc
        except csv.Error as exc:
            raise BulkError(
                _("The CSV file is damaged near line %(line)s (a cell too long or a quote not closed).")
                % {"line": reader.line_num},
                code="bad_file",
            ) from exc

    return Table(header=header, rows=generate())


def read_table(upload: File) -> Table:
    """The upload as a header (lower-case column names) and its rows of checked cells; ``BulkError`` if the file
    itself cannot be imported."""
    ext = file_format(upload.name)
    check_size(upload)
    return _read_xlsx(upload) if ext == XLSX else _read_csv(upload)
