"""The client's address as the app should see it (stand-in until the security branch lands)."""

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or with NUM_PROXIES reverse proxies in front, the address the outermost
    of ours saw: the NUM_PROXIES-th entry from the right of X-Forwarded-For."""
    proxies = getattr(settings, "NUM_PROXIES", 0)
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
