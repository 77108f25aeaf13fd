from django.urls import path

from . import views

app_name = "workbench"
urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
]
