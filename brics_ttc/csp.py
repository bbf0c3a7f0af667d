"""The Content-Security-Policy of every response (django-csp), plus this host's websocket origin in connect-src.

The policy itself is settings.CONTENT_SECURITY_POLICY. Live auctions and conversations open a websocket to the host the
page came from (static/js/auction.js, static/js/conversation.js); CSP level 3 lets 'self' cover ws:/wss: on the same
host, older browsers (Safari before 15.4) do not, so the origin is named explicitly: wss:// always, ws:// only on a
plain-HTTP page (a secure page may not open ws:// anyway). The host is the one Django validated against
ALLOWED_HOSTS; a request whose host fails that check gets the policy without it.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponseBase


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        try:
            host = request.get_host()
        except DisallowedHost:
            return parts
        origins = [f"wss://{host}"] if request.is_secure() else [f"ws://{host}", f"wss://{host}"]
        update = dict(parts.update or {})
        update["connect-src"] = [*update.get("connect-src", ()), *origins]
        parts.update = update
        return parts
