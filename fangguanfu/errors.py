"""Error pages in Chinese: 404 and 403 say why when the code said why (in Chinese), else a plain sentence.

Django's own pages are English ("Not Found", "403 Forbidden") and drop the
reason the views give (任务不存在或您无权查看。). English messages from Django
itself (get_object_or_404, a bare PermissionDenied) are replaced by the
generic Chinese sentence. 500 and CSRF pages are the standalone templates
500.html and 403_csrf.html, which Django renders without a request.
"""

import re

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render

_CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_FOUND = "页面不存在，或您无权查看。请检查地址，或从任务列表重新进入。"
FORBIDDEN = "您无权访问此页面。如需开通权限，请联系督查室。"


def _reason(exception, default: str) -> str:
    message = exception.args[0] if exception is not None and exception.args else ""
    return message if isinstance(message, str) and _CJK.search(message) else default


def not_found(request, exception=None):
    return render(request, "error.html", {"heading": "页面不存在", "message": _reason(exception, NOT_FOUND)},
                  status=404)


def forbidden(request, exception=None):
    return render(request, "error.html", {"heading": "无权访问", "message": _reason(exception, FORBIDDEN)},
                  status=403)


BAD_REQUEST = "请求无法处理，请检查提交的内容后重试。"
TOO_BIG = "提交的数据过大（上限 12 MB），请减少内容或分批提交。"


def bad_request(request, exception=None):
    """400 outside a view's own handling (e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE): JSON under /api/."""
    too_big = isinstance(exception, RequestDataTooBig)
    message = TOO_BIG if too_big else BAD_REQUEST
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "payload_too_large" if too_big else "bad_request"},
                            status=413 if too_big else 400, json_dumps_params={"ensure_ascii": False})
    return render(request, "error.html", {"heading": "请求无法处理", "message": message}, status=400)
