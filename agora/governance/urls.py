from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("amend/", views.amend, name="amend"),
    path("settings/", views.settings_page, name="settings"),
    path("steward/", views.propose_steward, name="propose_steward"),
    path("revoke/<id:mandate_id>/", views.revoke, name="revoke"),
    path("lay-down/<id:mandate_id>/", views.lay_down, name="lay_down"),
    path("unpin/<id:post_id>/", views.unpin, name="unpin"),
    path("<id:proposal_id>/", views.proposal_detail, name="proposal"),
    path("<id:proposal_id>/vote/", views.vote, name="vote"),
]
