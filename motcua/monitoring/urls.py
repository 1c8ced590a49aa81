"""Monitoring, mounted under ``/giam-sat/``."""

from django.urls import path

from motcua.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("don-vi/<str:code>/", views.dashboard, name="unit"),
    path("ho-so/", views.drilldown, name="dossiers"),
    path("chi-so-766/", views.index766, name="index766"),
    path("vi-pham/", views.finding_list, name="findings"),
    path("vi-pham/<slug:rule>/<str:key>/", views.finding_detail, name="finding"),
    path("can-bo/", views.official_list, name="officials"),
    path("can-bo/<str:username>/", views.official_detail, name="official"),
    path("bao-cao/", views.report, name="report"),
    path("bao-cao/tai-ve.<slug:fmt>", views.report_export, name="report-export"),
]
