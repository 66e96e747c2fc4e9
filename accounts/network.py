"""Who is on the other end of a request, when reverse proxies stand in between.

Each proxy appends the address it received the connection from to X-Forwarded-For, so
behind N proxies the header ends with N addresses written by machines we trust; anything
further left was sent by the client and may be forged. With NUM_PROXIES = 0 the app is
reached directly and the header is ignored: REMOTE_ADDR is then the client.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address as a string (None if the request carries none)."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = max(int(getattr(settings, "NUM_PROXIES", 0) or 0), 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded.strip():
        return remote
    # Split from the right and only as far as needed, so a huge forged prefix costs nothing.
    entries = [entry.strip() for entry in forwarded.rsplit(",", proxies)]
    # The N-th address from the right was written by the outermost proxy. Fewer entries
    # than proxies means the request skipped one of them; the leftmost entry is then the
    # farthest hop a proxy recorded.
    return normalised(entries[-min(proxies, len(entries))]) or remote


def normalised(text):
    """`text` as a canonical IP address, with any port removed; None if it is not one."""
    if text.startswith("["):  # "[2001:db8::1]:443"
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
