"""The API under ``/api/v1/``: one ``NinjaAPI`` with the procedure and dossier routers and the shared errors."""

from __future__ import annotations

from ninja import NinjaAPI

from motcua.api import dossiers, procedures
from motcua.api.auth import AUTH
from motcua.api.errors import install_error_handlers

DESCRIPTION = """\
API của hệ thống một cửa: danh mục thủ tục, tiếp nhận và xử lý hồ sơ bằng cùng các dịch vụ như giao diện cán bộ.

Xác thực: phiên đăng nhập của trình duyệt (có kiểm tra CSRF) hoặc mã truy cập cá nhân
`Authorization: Bearer mc_<tiền tố>_<bí mật>` do quản trị hệ thống cấp. Lỗi có dạng
`{"detail": "...", "errors": {"trường": ["..."]}}`, bằng tiếng Việt, hoặc tiếng Anh với `Accept-Language: en`.
"""

api = NinjaAPI(
    title="motcua API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-1",
    auth=AUTH,
)
install_error_handlers(api)
api.add_router("", procedures.router)
api.add_router("", dossiers.router)
