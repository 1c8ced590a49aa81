from django.urls import path

from motcua.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.verify_result, name="verify-result"),
]
