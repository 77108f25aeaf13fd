from django.urls import path

from .views import calendar, inbox, knowledge, planning

app_name = "workbench"
urlpatterns = [
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/plan/", calendar.plan, name="plan"),
    path("calendar/<id:planned_id>/", calendar.edit, name="edit"),
    path("calendar/<id:planned_id>/move/", calendar.move, name="move"),
    path("calendar/<id:planned_id>/delete/", calendar.delete, name="delete"),
    path("calendar/<id:planned_id>/<str:action>/", calendar.act, name="act"),
    path("calendar/subscribe/", calendar.feed, name="feed"),
    path("rituals/", planning.ritual_list, name="rituals"),
    path("rituals/<id:ritual_id>/stop/", planning.ritual_stop, name="ritual_stop"),
    path("objectives/", planning.objective_list, name="objectives"),
    path("workbench/settings/", planning.settings_page, name="settings"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/claim/", inbox.inbox_claim, name="inbox_claim"),
    path("inbox/questions/<id:post_id>/", inbox.inbox_answer, name="inbox_answer"),
    path("knowledge/", knowledge.fact_list, name="facts"),
    path("knowledge/new/", knowledge.fact_edit, name="fact_new"),
    path("knowledge/<id:fact_id>/", knowledge.fact_edit, name="fact_edit"),
    path("knowledge/<id:fact_id>/reviewed/", knowledge.fact_reviewed, name="fact_reviewed"),
    path("knowledge/<id:fact_id>/delete/", knowledge.fact_delete, name="fact_delete"),
    path("faq/", knowledge.faq, name="faq"),
    path("saved-replies/", knowledge.saved_reply_list, name="saved_replies"),
    path(
        "saved-replies/<id:reply_id>/delete/",
        knowledge.saved_reply_delete,
        name="saved_reply_delete",
    ),
]
