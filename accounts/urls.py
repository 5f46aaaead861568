from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/off/", views.two_factor_off, name="two_factor_off"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("members/<int:pk>/sign-in/", views.member_sign_in, name="member_sign_in"),
    path("<str:level>/<int:pk>/staff/new/", views.staff_sign_in, name="staff_sign_in"),
]
