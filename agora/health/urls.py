from django.urls import path

from . import views

app_name = "health"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("items/<str:kind>/", views.items, name="items"),
    path("export/<str:table>.csv", views.export, name="export"),
    path("settings/", views.settings_page, name="settings"),
    path("digests/", views.digest_list, name="digests"),
    path("digests/<id:digest_id>/", views.digest, name="digest"),
]
