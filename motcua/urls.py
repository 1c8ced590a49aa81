"""Root URL map: each app mounts its own urls module."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "motcua — Hệ thống thông tin giải quyết TTHC"
admin.site.site_title = "motcua"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("motcua.api.urls")),
    path("ho-so/", include("motcua.dossiers.urls")),
    path("lay-y-kien/", include("motcua.consultations.urls")),
    path("", include("motcua.portal.urls")),
    path("giam-sat/", include("motcua.monitoring.urls")),
    path("thong-bao/", include("motcua.notifications.urls")),
    path("xac-thuc-ket-qua/", include("motcua.documents.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("dong-bo/", include("motcua.sync.urls")),
    path("", include("motcua.web.urls")),
]
