from django.http import HttpResponse

from agora.communities.decorators import community_view


@community_view(steward=True)
def calendar(request, community):
    return HttpResponse("")
