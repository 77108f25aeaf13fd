from django.urls import re_path

from . import views

app_name = "media"

urlpatterns = [
    re_path(
        r"^(?P<key>[A-Za-z0-9_-]{20,32})/(?P<filename>[0-9a-f]{16}-[0-9]{1,5}\.(?:webp|jpg))$",
        views.image,
        name="image",
    ),
]
