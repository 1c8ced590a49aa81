"""The staff workspace, mounted under ``/ho-so/``; dossier codes contain dots and dashes but never a slash."""

from django.urls import path

from motcua.dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.queue, name="all"),
    path("hang-doi/<slug:slug>/", views.queue, name="queue"),
    path("tiep-nhan/", views.reception, name="reception"),
    path("tiep-nhan/thanh-phan/", views.reception_components, name="reception-components"),
    path("phieu/<str:serial>/", views.notice_detail, name="notice"),
    path("phieu/<str:serial>/in.<slug:fmt>", views.notice_print, name="notice-print"),
    path("sos/", views.sos_list, name="sos-list"),
    path("sos/<int:pk>/tiep-nhan/", views.sos_acknowledge, name="sos-acknowledge"),
    path("sos/<int:pk>/de-xuat/", views.sos_propose, name="sos-propose"),
    path("de-xuat-sua-doi/", views.amendment_register, name="amendments"),
    path("<str:code>/", views.dossier_detail, name="detail"),
    path("<str:code>/thao-tac/<slug:action>/", views.dossier_action, name="action"),
    path("<str:code>/giay-to/<int:pk>/", views.component_file, name="component-file"),
    path("<str:code>/ket-qua/<int:number>/", views.result_file, name="result-file"),
    path("<str:code>/bieu-mau/<slug:kind>.<slug:fmt>", views.dossier_print, name="print"),
]
