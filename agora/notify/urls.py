from django.urls import path

from . import views

app_name = "notify"

urlpatterns = [
    path("notifications/e-mail/", views.preferences_page, name="preferences"),
    path("e/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("e/inbound/", views.inbound_mail, name="inbound"),
]
