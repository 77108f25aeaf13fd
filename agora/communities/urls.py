from django.urls import path

from . import views

app_name = "communities"
urlpatterns = [
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/setup/charter/", views.setup_charter, name="setup_charter"),
    path("<slug:slug>/setup/identity/", views.setup_identity, name="setup_identity"),
    path("<slug:slug>/setup/mindset/", views.setup_mindset, name="setup_mindset"),
    path("<slug:slug>/charter/", views.charter, name="charter"),
    path("<slug:slug>/charter/new/", views.charter_new, name="charter_new"),
    path("<slug:slug>/charter/v<id:number>/", views.charter, name="charter_version"),
    path("<slug:slug>/charter/diff/<id:old>/<id:new>/", views.charter_diff, name="charter_diff"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/welcome/", views.welcome, name="welcome"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/launch/dismiss/", views.launch_dismiss, name="launch_dismiss"),
    path("<slug:slug>/invitations/", views.invitations, name="invitations"),
    path(
        "<slug:slug>/invitations/settings/",
        views.invitations_settings,
        name="invitations_settings",
    ),
    path(
        "<slug:slug>/invitations/requests/<id:request_id>/<str:decision>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path(
        "<slug:slug>/invitations/<id:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:slug>/consent/", views.join, name="consent"),
]
