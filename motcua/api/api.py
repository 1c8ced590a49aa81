"""The API under ``/api/v1/``: one ``NinjaAPI`` with the procedure and dossier routers and the shared errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from motcua.api import dossiers, procedures
from motcua.api.auth import AUTH
from motcua.api.errors import install_error_handlers

DESCRIPTION = """\
API của hệ thống một cửa: danh mục thủ tục, tiếp nhận và xử lý hồ sơ bằng cùng các dịch vụ như giao diện cán bộ.

Xác thực: phiên đăng nhập của trình duyệt (có kiểm tra CSRF) hoặc mã truy cập cá nhân
`Authorization: Bearer mc_<tiền tố>_<bí mật>` do quản trị hệ thống cấp. Lỗi có dạng
`{"detail": "...", "errors": {"trường": ["..."]}}`, bằng tiếng Việt, hoặc tiếng Anh với `Accept-Language: en`.
"""


class LocalTimeEncoder(NinjaJSONEncoder):
    """Instants in the province's time zone (``2025-10-06T08:00:00+07:00``), as staff read them on paper."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class LocalTimeRenderer(JSONRenderer):
    encoder_class = LocalTimeEncoder


api = NinjaAPI(
    title="motcua API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-1",
    auth=AUTH,
    renderer=LocalTimeRenderer(),
)
install_error_handlers(api)
api.add_router("", procedures.router)
api.add_router("", dossiers.router)
