"""The portal's pages, mounted at the site root: public pages, citizens' pages and the desk's online work."""

from django.urls import path

from motcua.portal.views import account, citizen, desk, evaluation, public

app_name = "portal"

urlpatterns = [
    path("tra-cuu/", public.lookup, name="lookup"),
    path("thu-tuc/", public.catalog, name="catalog"),
    path("thu-tuc/<str:code>/", public.procedure, name="procedure"),
    path("phan-anh/", public.feedback, name="feedback"),
    path("cong-dan/dang-ky/", account.signup, name="signup"),
    path("cong-dan/xac-thuc/", account.verify, name="verify"),
    path("cong-dan/dang-nhap/", account.CitizenLoginView.as_view(), name="login"),
    path("cong-dan/tai-khoan/", account.profile, name="profile"),
    path("cong-dan/ho-so/", citizen.mine, name="mine"),
    path("cong-dan/nop/<int:version_id>/", citizen.start, name="start"),
    path("cong-dan/ho-so/<int:pk>/", citizen.submission, name="submission"),
    path("cong-dan/ho-so/<int:pk>/nguoi-nop/", citizen.save_applicant, name="applicant"),
    path("cong-dan/ho-so/<int:pk>/tai-len/", citizen.upload, name="upload"),
    path("cong-dan/ho-so/<int:pk>/xoa-tep/<int:component_id>/", citizen.remove_file, name="remove-file"),
    path("cong-dan/ho-so/<int:pk>/nop/", citizen.submit, name="submit"),
    path("cong-dan/ho-so/<int:pk>/bo-sung/", citizen.supplement, name="supplement"),
    path("cong-dan/ho-so/<int:pk>/ket-qua/<int:number>/", citizen.result_file, name="result"),
    path("tep/<int:pk>/", citizen.uploaded_file, name="file"),
    path("danh-gia/<str:token>/", evaluation.evaluate, name="evaluate"),
    path("tiep-nhan-truc-tuyen/", desk.queue, name="online-queue"),
    path("tiep-nhan-truc-tuyen/<int:pk>/", desk.submission, name="desk-submission"),
    path("tiep-nhan-truc-tuyen/<int:pk>/<slug:outcome>/", desk.decide, name="desk-decide"),
    path("tiep-nhan-truc-tuyen/bo-sung/<int:pk>/<slug:outcome>/", desk.supplement, name="desk-supplement"),
    path("tiep-nhan-truc-tuyen/tra-cuu-dan-cu/", desk.population_check, name="population-check"),
    path("danh-gia-tai-quay/<str:code>/", desk.kiosk, name="kiosk"),
    path("phan-anh/xu-ly/", desk.feedback_list, name="feedback-list"),
    path("phan-anh/xu-ly/<str:number>/", desk.feedback_detail, name="feedback-detail"),
]
