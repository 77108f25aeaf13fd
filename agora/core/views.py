from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from .errors import NotFound


def healthz(request):
    """Liveness and database reachability, for load balancers and `agora check`."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "degraded", "database": database}, status=status
    )


def not_found(request, exception=None):
    return render(request, "error.html", {"error": NotFound()}, status=404)


def server_error(request):
    return render(request, "500.html", status=500)
