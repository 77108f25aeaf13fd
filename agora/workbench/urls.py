from django.urls import path

from . import views

app_name = "workbench"
urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/plan/", views.plan, name="plan"),
    path("calendar/<int:planned_id>/", views.edit, name="edit"),
    path("calendar/<int:planned_id>/move/", views.move, name="move"),
    path("calendar/<int:planned_id>/delete/", views.delete, name="delete"),
    path("calendar/<int:planned_id>/<str:action>/", views.act, name="act"),
    path("calendar/subscribe/", views.feed, name="feed"),
    path("rituals/", views.ritual_list, name="rituals"),
    path("rituals/<int:ritual_id>/stop/", views.ritual_stop, name="ritual_stop"),
    path("objectives/", views.objective_list, name="objectives"),
    path("workbench/settings/", views.settings_page, name="settings"),
]
