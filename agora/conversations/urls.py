from django.urls import path

from . import views

app_name = "conversations"
urlpatterns = [
    path("statuses/new/", views.status_new, name="status_new"),
    path("posts/new/", views.post_new, name="post_new"),
    path("feed/", views.feed, name="feed"),
    path("search/", views.search, name="search"),
    path("voice/", views.voice_check, name="voice_check"),
    path("images/", views.image_upload, name="image_upload"),
    path("images/<str:key>/", views.image_staged, name="image_staged"),
    path("images/<str:key>/describe/", views.image_describe, name="image_describe"),
    path("p/<id:post_id>/", views.post_detail, name="post"),
    path("p/<id:post_id>/edit/", views.post_edit, name="post_edit"),
    path("p/<id:post_id>/pin/<str:action>/", views.pin, name="pin"),
    path("p/<id:post_id>/delete/", views.post_delete, name="post_delete"),
    path("p/<id:post_id>/history/", views.post_history, name="post_history"),
    path("p/<id:post_id>/react/", views.react, name="post_react"),
    path("p/<id:post_id>/comments/", views.comment_create, name="comment_create"),
    path("p/<id:post_id>/c/<id:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path("p/<id:post_id>/c/<id:comment_id>/delete/", views.comment_delete, name="comment_delete"),
    path(
        "p/<id:post_id>/c/<id:comment_id>/history/", views.comment_history, name="comment_history"
    ),
    path("p/<id:post_id>/c/<id:comment_id>/react/", views.react, name="comment_react"),
    path("p/<id:post_id>/c/<id:comment_id>/accept/", views.accept_answer, name="accept_answer"),
]
