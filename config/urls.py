from django.urls import include, path

from agora.communities import views as community_views
from agora.conversations import views as conversation_views
from agora.core import views as core_views
from agora.workbench.views import calendar as workbench_calendar

from .api import api

urlpatterns = [
    path("", community_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("agora.accounts.urls")),
    path("c/", include("agora.communities.urls")),
    path("c/<slug:slug>/", include("agora.conversations.urls")),
    path("", include("agora.moderation.urls")),
    path("c/<slug:slug>/governance/", include("agora.governance.urls")),
    path("c/<slug:slug>/", include("agora.workbench.urls")),
    path("c/<slug:slug>/health/", include("agora.health.urls")),
    path("media/", include("agora.media.urls")),
    path("", include("agora.notify.urls")),
    path("members/<str:handle>/", conversation_views.member, name="member"),
    path("notifications/", conversation_views.notifications, name="notifications"),
    path("notifications/read/", conversation_views.notifications_read, name="notifications_read"),
    path("live/", conversation_views.live, name="live"),
    path("invite/<str:secret>/", community_views.invitation, name="invitation"),
    path("ical/<str:secret>.ics", workbench_calendar.calendar_feed, name="calendar_feed"),
    path("api/", api.urls),
]

handler404 = "agora.core.views.not_found"
handler500 = "agora.core.views.server_error"
