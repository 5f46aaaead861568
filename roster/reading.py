"""Reading an uploaded roster: an XLSX workbook (its first sheet) or a CSV file (UTF-8, or GBK as
Chinese spreadsheets save it), into numbered rows of text keyed by column. What cannot be read is
a ``FileError`` with a message for the user; nothing has been written when one is raised."""

import csv
import datetime
import io
import zipfile

from django.utils.translation import gettext as _

from roster.columns import COLUMNS, fold

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 60
ZIP_MAGIC = b"PK\x03\x04"


class FileError(Exception):
    """A file that cannot be read as a roster, and why (in the user's language)."""


def read_upload(upload):
    """``(rows, notes)``: ``rows`` a list of ``(sheet row number, {column key: text})``, blank rows
    left out; ``notes`` what the user should know about how the file was read."""
    if upload.size > MAX_BYTES:
        raise FileError(
            _("The file is %(size)s MB; a roster file may be at most %(max)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024}
        )
    data = upload.read(MAX_BYTES + 1)
    if not data:
        raise FileError(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        table, notes = _xlsx_rows(data), []
    else:
        table, notes = _csv_rows(data)
    return _keyed(table), notes


def _xlsx_rows(data):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileError(_("This is not an XLSX workbook or a CSV file.")) from error
    if not book.worksheets:
        raise FileError(_("The workbook has no sheet."))
    sheet = book.worksheets[0]
    try:
        return _sheet_rows(sheet)
    except FileError:
        raise
    except Exception as error:  # a sheet openpyxl cannot parse (truncated XML, a bad cell)
        raise FileError(_("The workbook's first sheet cannot be read.")) from error
    finally:
        book.close()


def _sheet_rows(sheet):
    table = []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number > MAX_ROWS + 1:
            raise _too_many()
        if len(cells) > MAX_COLUMNS:
            raise FileError(
                _("Row %(row)s has more than %(max)s columns.")
                % {"row": number, "max": MAX_COLUMNS}
            )
        values = []
        for cell in cells:
            if getattr(cell, "data_type", None) == "f":
                raise FileError(
                    _(
                        "Cell %(cell)s holds a formula. Copy the sheet and paste it as values, "
                        "then upload it again."
                    )
                    % {"cell": cell.coordinate}
                )
            values.append(cell.value)
        table.append((number, values))
    return table


def _csv_rows(data):
    if b"\x00" in data:
        raise FileError(_("This is not an XLSX workbook or a CSV file."))
    notes = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as error:
            raise FileError(
                _("The CSV file is neither UTF-8 nor GBK text. Save it as CSV UTF-8.")
            ) from error
        notes.append(_("The CSV file was read as GBK (Chinese Windows) text."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    table = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if number > MAX_ROWS + 1:
                raise _too_many()
            if len(values) > MAX_COLUMNS:
                raise FileError(
                    _("Row %(row)s has more than %(max)s columns.")
                    % {"row": number, "max": MAX_COLUMNS}
                )
            table.append((number, values))
    except csv.Error as error:
        raise FileError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from error
    return table, notes


def _too_many():
    return FileError(
        _("The sheet has more than %(max)s rows. Split it by workshop and upload each part.")
        % {"max": f"{MAX_ROWS:,}"}
    )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _keyed(table):
    """The rows below the header, each a dict of column key → text."""
    rows = [(number, [_text(v) for v in values]) for number, values in table]
    rows = [(number, values) for number, values in rows if any(values)]
    if not rows:
        raise FileError(_("The sheet has no rows."))
    header_number, header = rows[0]
    known = {}
    for column in COLUMNS:
        for name in column.headers():
            known[name] = column
    positions, unknown = {}, []
    for index, name in enumerate(header):
        if not name:
            continue
        column = known.get(fold(name))
        if column is None:
            unknown.append(name)
        elif column.key in positions:
            raise FileError(
                _("The column “%(column)s” appears twice in the header row.")
                % {"column": column.label}
            )
        else:
            positions[column.key] = index
    if not positions:
        raise FileError(
            _(
                "This is not an XLSX workbook or a CSV file laid out as the template: its first "
                "row names none of the template's columns."
            )
        )
    missing = [str(c.label) for c in COLUMNS if c.required and c.key not in positions]
    if missing:
        message = _(
            "Row %(row)s should name the columns; these are missing: %(missing)s. "
            "Start from the template."
        ) % {"row": header_number, "missing": ", ".join(missing)}
        if unknown:
            message += " " + _("Not understood: %(names)s.") % {"names": ", ".join(unknown[:10])}
        raise FileError(message)
    body = rows[1:]
    if not body:
        raise FileError(_("The sheet has a header row but no member below it."))
    if len(body) > MAX_ROWS:
        raise _too_many()
    keyed = []
    for number, values in body:
        keyed.append(
            (
                number,
                {
                    key: values[index] if index < len(values) else ""
                    for key, index in positions.items()
                },
            )
        )
    return keyed
