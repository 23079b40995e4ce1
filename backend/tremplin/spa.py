"""Serves the single-page app: index.html for every client-side route; assets come from whitenoise."""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie

NOT_BUILT = """<!doctype html><html lang="fr"><meta charset="utf-8"><title>Tremplin</title>
<p>L'application web n'est pas encore construite. Lancez <code>make run</code>
(ou <code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>).</p>
<p>L'API reste disponible sous <a href="/api/docs/">/api/docs/</a>.</p></html>"""


@ensure_csrf_cookie
def index(request, path: str = ""):
    page = settings.FRONTEND_DIST / "index.html"
    if not page.exists():
        return HttpResponse(NOT_BUILT, status=503)
    # A few kB, read at once: a streamed file stays open when the client goes away mid-response.
    response = HttpResponse(page.read_bytes(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # assets are fingerprinted; the page must be fresh
    return response
