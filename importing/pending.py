"""The upload waiting between preview and confirm, kept in the user's own session.

Only the raw bytes are stored (compressed); every step parses them again (the
parse itself is cached, importing/parse_cache.py), so the document's text and the
parser's output always come from the file. What the browser sends back is only the
office's corrections (the workbench's tasks and mappings), validated like any input. The token is bound to the session and the user who uploaded: a
token copied into another session, or used after logging in as someone else,
finds nothing.
"""

import base64
import secrets
import zlib

SESSION_KEY = "documents_import_pending"


def pending_put(request, *, data: bytes, filename: str) -> str:
    """Store an upload (replacing any earlier one of this session) and return its token."""
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "token": token,
        "user_id": request.user.pk,
        "filename": filename,
        "data": base64.b64encode(zlib.compress(data)).decode("ascii"),
    }
    return token


def pending_get(request, token: str) -> tuple[bytes, str] | None:
    """(bytes, filename) of the upload with this token, or None if it is not this session's."""
    entry = request.session.get(SESSION_KEY)
    if not entry or entry.get("user_id") != request.user.pk:
        return None
    if not secrets.compare_digest(str(entry.get("token", "")), str(token)):
        return None
    return zlib.decompress(base64.b64decode(entry["data"])), entry["filename"]


def pending_clear(request) -> None:
    request.session.pop(SESSION_KEY, None)
