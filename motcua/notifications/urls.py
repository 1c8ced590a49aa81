from django.urls import path

from motcua.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/da-doc/", views.read, name="read"),
    path("da-doc-tat-ca/", views.read_all, name="read-all"),
    path("chua-doc/", views.badge, name="badge"),
]
