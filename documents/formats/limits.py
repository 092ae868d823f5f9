"""The numbers that bound what one upload may cost; every reader checks against these."""

from documents.parsing.errors import MAX_UPLOAD_BYTES

__all__ = [
    "MAX_UPLOAD_BYTES",
    "PARSE_MEMORY_MB",
    "PARSE_TIMEOUT_S",
    "ZIP_MAX_MEMBERS",
    "ZIP_MAX_RATIO",
    "ZIP_MAX_UNCOMPRESSED",
    "ZIP_RATIO_MIN_SIZE",
]

# A real 分工方案 .docx/.xlsx inflates to a few MB; 50 MB leaves room for embedded images.
ZIP_MAX_UNCOMPRESSED = 50 * 1024 * 1024
ZIP_MAX_MEMBERS = 2000
# Word XML compresses 10–30×; a member past 100× is padding made to inflate. Small members
# (styles, settings) may compress further without costing anything, so only big ones count.
ZIP_MAX_RATIO = 100
ZIP_RATIO_MIN_SIZE = 1024 * 1024
# The reader and the parser run in a child process with these bounds (see sandbox.py).
PARSE_TIMEOUT_S = 20.0
PARSE_MEMORY_MB = 768
