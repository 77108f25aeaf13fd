from django.urls import path, re_path

from . import views

app_name = "media"

urlpatterns = [
    path("avatar/", views.avatar_page, name="avatar"),
    path("avatar/remove/", views.avatar_remove, name="avatar_remove"),
    path("c/<slug:slug>/", views.pictures, name="pictures"),
    path("c/<slug:slug>/<str:which>/remove/", views.picture_remove, name="picture_remove"),
    re_path(
        r"^(?P<key>[A-Za-z0-9_-]{20,32})/(?P<filename>[0-9a-f]{16}-[0-9]{1,5}\.(?:webp|jpg))$",
        views.image,
        name="image",
    ),
]
