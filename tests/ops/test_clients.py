"""Client addresses: X-Forwarded-For is believed only from the proxies the operator named."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from liability.clients import client_address, pseudonymous_address, trusted_proxies

ROOT = Path(__file__).resolve().parents[2]
PROXY = "172.30.14.2"


def address(remote: str, forwarded: str | None = None, proxies: str = PROXY) -> str:
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(TRUSTED_PROXIES=trusted_proxies(proxies)):
        return client_address(RequestFactory().get("/", **headers))


def test_a_direct_client_is_its_connection_whatever_it_writes():
    assert address("203.0.113.7") == "203.0.113.7"
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert address("203.0.113.7", "198.51.100.1", proxies="") == "203.0.113.7"


def test_behind_the_proxy_the_client_is_the_address_the_proxy_added():
    assert address(PROXY, "203.0.113.7") == "203.0.113.7"
    # entries a client wrote itself stand to the left of the proxy's and are ignored
    assert address(PROXY, "1.2.3.4, 5.6.7.8, 203.0.113.7") == "203.0.113.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    proxies = "10.0.0.0/8, 172.30.14.2"
    assert address(PROXY, "1.2.3.4, 203.0.113.7, 10.1.2.3", proxies) == "203.0.113.7"
    # an untrusted hop in the middle is the client: what stands left of it is its own writing
    assert address(PROXY, "203.0.113.7, 198.51.100.9, 10.1.2.3", proxies) == "198.51.100.9"
    # only trusted hops: the left-most is the nearest thing to a client we have
    assert address(PROXY, "10.9.9.9, 10.1.2.3", proxies) == "10.9.9.9"


def test_a_missing_or_garbled_header_from_the_proxy_leaves_the_last_known_hop():
    assert address(PROXY) == PROXY
    assert address(PROXY, "") == PROXY
    assert address(PROXY, "not-an-address") == PROXY
    assert address(PROXY, "203.0.113.7, unknown") == PROXY


def test_addresses_written_with_ports_brackets_or_as_mapped_ipv4_are_read():
    assert address(PROXY, "203.0.113.7:5678") == "203.0.113.7"
    assert address(PROXY, "[2001:db8::1]:443") == "2001:db8::/64"
    assert address("::ffff:203.0.113.7") == "203.0.113.7"


def test_ipv6_clients_are_counted_per_64():
    first = address(PROXY, "2001:db8:1:2::1")
    assert first == "2001:db8:1:2::/64"
    assert address(PROXY, "2001:db8:1:2:ffff:ffff:ffff:ffff") == first
    assert address(PROXY, "2001:db8:1:3::1") != first
    assert address("2001:db8:1:2::99") == first


def test_ipv6_proxies_are_trusted_too():
    assert address("fd00::2", "203.0.113.7", proxies="fd00::/64") == "203.0.113.7"


def test_the_login_lockout_counts_the_same_client_and_keeps_no_address():
    with override_settings(TRUSTED_PROXIES=trusted_proxies(PROXY)):
        factory = RequestFactory()
        via_proxy = pseudonymous_address(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7"))
        direct = pseudonymous_address(factory.get("/", REMOTE_ADDR="203.0.113.7"))
        other = pseudonymous_address(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8"))
    assert via_proxy == direct != other
    assert "203.0.113" not in via_proxy


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("caddy", "host names are not accepted"),
        ("10.0.0.1/8", "the network itself, e.g. 10.0.0.0/8"),
        ("0.0.0.0/0", "would trust every address on the internet"),
        ("::/0", "would trust every address on the internet"),
        ("172.30.14.2, 300.1.1.1", "'300.1.1.1' is not an IP address"),
    ],
)
def test_a_wrong_proxy_list_is_refused_with_what_to_write(value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        trusted_proxies(value)


def test_the_proxy_list_accepts_addresses_networks_and_spaces():
    assert [str(n) for n in trusted_proxies(" 172.30.14.2 , 10.0.0.0/8,fd00::/64,")] == [
        "172.30.14.2/32",
        "10.0.0.0/8",
        "fd00::/64",
    ]


def start(**env) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW"))} | env
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_app_refuses_to_start_with_a_wrong_proxy_list_or_the_old_header_setting():
    wrong = start(TRUSTED_PROXIES="proxy.internal")
    assert wrong.returncode != 0
    assert "TRUSTED_PROXIES: 'proxy.internal' is not an IP address" in wrong.stderr
    old = start(CLIENT_IP_HEADER="X-Forwarded-For")
    assert old.returncode != 0
    assert "CLIENT_IP_HEADER is no longer read" in old.stderr and "TRUSTED_PROXIES" in old.stderr
    assert start(TRUSTED_PROXIES="172.30.14.2,10.0.0.0/8").returncode == 0
