from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.StaffLoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]
