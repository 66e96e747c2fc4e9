from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", views.second_factor_view, name="second_factor"),
    path("two-factor/setup/", views.enrol, name="enrol"),
    path("security/", views.security, name="security"),
    path("password/", views.password_change, name="password_change"),
    path("session/", views.session_status, name="session_status"),
    path("session/extend/", views.session_extend, name="session_extend"),
]
