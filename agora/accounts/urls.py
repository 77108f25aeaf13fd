from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("signup/", views.sign_up, name="signup"),
    path("verify/<str:uidb64>/<str:token>/", views.verify, name="verify"),
    path("verify/resend/", views.resend_verification, name="resend_verification"),
    path("login/", views.log_in, name="login"),
    path("logout/", views.log_out, name="logout"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/<str:uidb64>/<str:token>/", views.password_reset_confirm, name="reset"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.switch_language, name="language"),
]
