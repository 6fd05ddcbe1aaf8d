"""Who is asking: the client's address for per-client limits, from trusted proxies only.

Every limit that counts per client (saving shares, admin login lockouts, and any later
one) must call `client_address(request)`, never read REMOTE_ADDR or X-Forwarded-For
itself. Behind a proxy every request comes from the proxy's address, and a client can
write any X-Forwarded-For it likes, so the header is believed only as far as it was
written by proxies the operator named in TRUSTED_PROXIES.
"""

import hmac
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

type Address = ipaddress.IPv4Address | ipaddress.IPv6Address
type Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# One person on IPv6 usually holds a whole /64 (and can pick any address in it at will),
# so a limit per IPv6 address would be no limit at all.
IPV6_CLIENT_PREFIX = 64


def trusted_proxies(value: str) -> tuple[Network, ...]:
    """Parse TRUSTED_PROXIES (comma-separated addresses or CIDR networks) at start-up.

    A wrong value stops the start with a message that says what to write instead: a
    typo here would silently either let clients choose their own address or put every
    visitor behind the proxy's one address."""
    networks = []
    for entry in (part.strip() for part in value.split(",")):
        if not entry:
            continue
        try:
            network = ipaddress.ip_network(entry, strict=True)
        except ValueError as error:
            hint = "an address such as 172.30.14.2 or a network such as 10.0.0.0/8"
            if "host bits set" in str(error):
                hint = f"the network itself, e.g. {ipaddress.ip_network(entry, strict=False)}"
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is not an IP address or network ({error}). "
                f"Write {hint}; host names are not accepted."
            ) from None
        if network.prefixlen == 0:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} would trust every address on the internet, so any client "
                "could choose the address it is counted under. Name only your proxies' addresses."
            )
        networks.append(network)
    return tuple(networks)


def _parse(text: str) -> Address | None:
    """An address as written in REMOTE_ADDR or one X-Forwarded-For entry, or None."""
    text = text.strip()
    if text.startswith("["):  # [2001:db8::1] or [2001:db8::1]:443
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # 203.0.113.7:5678
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> str:
    """The client a per-client limit counts: an IPv4 address, or an IPv6 client's /64.

    The connection's address, unless it is a trusted proxy: then X-Forwarded-For is read
    from the right (each proxy appends the address it saw), skipping trusted proxies, and
    the first address no trusted proxy stands for is the client. Entries to the left of
    it were written by the client and are ignored. Never logged or stored: the limits keep
    keyed digests of it."""
    address = _parse(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return ""
    if _trusted(address):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for entry in reversed(forwarded):
            hop = _parse(entry)
            if hop is None:  # garbage from beyond the last trusted proxy: stop at the hop we know
                break
            address = hop
            if not _trusted(hop):
                break
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, IPV6_CLIENT_PREFIX), strict=False))
    return str(address)


def pseudonymous_address(request: HttpRequest) -> str:
    """What django-axes records of a failed admin login instead of the address: a keyed
    hash of `client_address`, written as an IPv6 address (its column's type). Lockouts
    still work per client, and no address is kept, as the privacy note promises."""
    digest = hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), "sha256").digest()
    return str(ipaddress.IPv6Address(digest[:16]))
