from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("amend/", views.amend, name="amend"),
    path("settings/", views.settings_page, name="settings"),
    path("steward/", views.propose_steward, name="propose_steward"),
    path("revoke/<int:mandate_id>/", views.revoke, name="revoke"),
    path("lay-down/<int:mandate_id>/", views.lay_down, name="lay_down"),
    path("<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path("<int:proposal_id>/vote/", views.vote, name="vote"),
]
