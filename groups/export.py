"""Lists as CSV files that spreadsheets open safely."""

import csv
import datetime

from django.http import StreamingHttpResponse

# A cell that starts with one of these is read as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """The text of one cell: dates in ISO form, None empty, formulae defused with a quote."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)) or hasattr(value, "as_tuple"):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """A streamed CSV download: UTF-8 with a byte-order mark, so that spreadsheets read the
    Chinese correctly, and every cell passed through ``cell``."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow([cell(value) for value in header])
        for row in rows:
            yield writer.writerow([cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def _xlsx_cell(sheet, value):
    """A cell of the sheet: numbers and dates as such, text always as text (a string that starts
    with "=" is never stored as a formula) with control characters that XLSX forbids removed.
    Plain values are passed as they are (the write-only sheet makes the cell), which is several
    times faster than a cell object for each."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or isinstance(value, (bool, int, float, datetime.date)):
        return value
    if hasattr(value, "as_tuple"):  # Decimal
        return float(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if not text.startswith("="):
        return text
    result = WriteOnlyCell(sheet, value=None)
    result.value = text
    result.data_type = "s"
    return result


def xlsx_response(filename, header, rows, title="Sheet"):
    """An XLSX download of the same rows as ``csv_response``, with a bold header row."""
    return xlsx_workbook_response(filename, [(title, header, rows)])


def write_xlsx(out, sheets, progress=None, every=1000):
    """Write a workbook of ``sheets``, each ``(title, header, rows)`` with a bold header, to the
    file ``out``; ``progress(rows written)`` is called every ``every`` rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    written = 0
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=str(title)[:31])
        heads = []
        for value in header:
            head = WriteOnlyCell(sheet, value=None)
            head.value, head.data_type, head.font = str(value), "s", bold
            heads.append(head)
        sheet.append(heads)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
            written += 1
            if progress is not None and written % every == 0:
                progress(written)
    book.save(out)
    return written


def xlsx_workbook_response(filename, sheets):
    """An XLSX download of several sheets, each ``(title, header, rows)`` with a bold header."""
    import io

    from django.http import HttpResponse

    buffer = io.BytesIO()
    write_xlsx(buffer, sheets)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_format(fmt):
    """``fmt`` if it is one the lists export to; 404 otherwise (a URL asked for another)."""
    from django.http import Http404

    if fmt not in FORMATS:
        raise Http404
    return fmt


def table_response(fmt, name, header, rows, title="Sheet"):
    """``name``.csv or ``name``.xlsx, as asked by ``fmt``."""
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", header, rows, title=title)
    return csv_response(f"{name}.csv", header, rows)
