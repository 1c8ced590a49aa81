"""The consulted unit's pages, mounted under ``/lay-y-kien/``."""

from django.urls import path

from motcua.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tra-loi/", views.answer, name="answer"),
    path("<int:pk>/gia-han/", views.extension, name="extension"),
    path("tep/<int:pk>/", views.consultation_file, name="file"),
]
