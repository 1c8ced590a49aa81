from django.urls import path

from motcua.payments import views

app_name = "payments"
urlpatterns = [
    path("ho-so/<str:code>/", views.panel, name="panel"),
    path("ho-so/<str:code>/nop/", views.record, name="record"),
    path("ho-so/<str:code>/dieu-chinh/", views.adjust, name="adjust"),
    path("ket-qua/", views.callback, name="callback"),
    path("gia-lap/", views.fake_gateway, name="fake-gateway"),
]
