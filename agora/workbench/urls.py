from django.urls import path

from . import views, views_inbox

app_name = "workbench"
urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/plan/", views.plan, name="plan"),
    path("calendar/<id:planned_id>/", views.edit, name="edit"),
    path("calendar/<id:planned_id>/move/", views.move, name="move"),
    path("calendar/<id:planned_id>/delete/", views.delete, name="delete"),
    path("calendar/<id:planned_id>/<str:action>/", views.act, name="act"),
    path("calendar/subscribe/", views.feed, name="feed"),
    path("rituals/", views.ritual_list, name="rituals"),
    path("rituals/<id:ritual_id>/stop/", views.ritual_stop, name="ritual_stop"),
    path("objectives/", views.objective_list, name="objectives"),
    path("workbench/settings/", views.settings_page, name="settings"),
    path("inbox/", views_inbox.inbox, name="inbox"),
    path("inbox/claim/", views_inbox.inbox_claim, name="inbox_claim"),
    path("inbox/questions/<id:post_id>/", views_inbox.inbox_answer, name="inbox_answer"),
    path("knowledge/", views_inbox.fact_list, name="facts"),
    path("knowledge/new/", views_inbox.fact_edit, name="fact_new"),
    path("knowledge/<id:fact_id>/", views_inbox.fact_edit, name="fact_edit"),
    path("knowledge/<id:fact_id>/reviewed/", views_inbox.fact_reviewed, name="fact_reviewed"),
    path("knowledge/<id:fact_id>/delete/", views_inbox.fact_delete, name="fact_delete"),
    path("faq/", views_inbox.faq, name="faq"),
    path("saved-replies/", views_inbox.saved_reply_list, name="saved_replies"),
    path(
        "saved-replies/<id:reply_id>/delete/",
        views_inbox.saved_reply_delete,
        name="saved_reply_delete",
    ),
]
