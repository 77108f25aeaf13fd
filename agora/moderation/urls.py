from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("moderation/notices/", views.notices, name="notices"),
    path("c/<slug:slug>/journal/", views.journal, name="journal"),
    path("c/<slug:slug>/moderation/", views.queue, name="queue"),
    path("c/<slug:slug>/moderation/settings/", views.settings_page, name="settings"),
    path("c/<slug:slug>/charter/rules/test/", views.rules_test, name="rules_test"),
    path("c/<slug:slug>/cases/<id:case_id>/", views.case_detail, name="case"),
    path("c/<slug:slug>/cases/<id:case_id>/vote/", views.vote, name="vote"),
    path("c/<slug:slug>/cases/<id:case_id>/appeal/", views.appeal, name="appeal"),
    path("c/<slug:slug>/p/<id:post_id>/flag/", views.flag, name="flag_post"),
    path("c/<slug:slug>/p/<id:post_id>/c/<id:comment_id>/flag/", views.flag, name="flag_comment"),
    path("c/<slug:slug>/p/<id:post_id>/hide/", views.hide, name="hide_post"),
    path(
        "c/<slug:slug>/p/<id:post_id>/images/<id:attachment_id>/hide/",
        views.hide_image,
        name="hide_image",
    ),
    path("c/<slug:slug>/p/<id:post_id>/c/<id:comment_id>/hide/", views.hide, name="hide_comment"),
]
