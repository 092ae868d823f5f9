"""Export cells that cannot run code (OWASP “CSV injection”).

A spreadsheet evaluates a cell whose text starts with = + - @ (and, after a tab or carriage return,
whatever follows): a plan whose task reads “=HYPERLINK(…)” would become a live link or formula in
the office's ledger. Every exporter (.xlsx, .csv, the 通报 .docx) passes its text cells through here.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def safe_cell(value):
    """The value for a text export: text that a spreadsheet would evaluate gets a leading apostrophe,
    which Excel and WPS read as “this is text” and which a reader sees for what it is.
    Numbers, dates and None pass unchanged."""
    if is_formula_like(value):
        return "'" + value
    return value


def xlsx_text_cell(ws, value):
    """A write-only openpyxl cell holding `value`; text is always stored as a string (never type 'f')
    and a formula-like text carries Excel's quote prefix, so that editing it does not turn it into a
    formula either. The text itself is kept exactly as written."""
    from openpyxl.cell import WriteOnlyCell  # openpyxl only where a workbook is written

    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    return cell
