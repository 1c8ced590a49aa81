from django.urls import path

from motcua.sync import views

app_name = "sync"
urlpatterns = [
    path("", views.status, name="status"),
]
