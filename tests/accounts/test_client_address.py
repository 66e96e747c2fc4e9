"""accounts.network.client_address: the client behind N reverse proxies, never a forged hop."""

import pytest
from django.test import RequestFactory

from accounts.network import client_address

PROXY = "10.0.0.2"


def request_from(remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (None, PROXY),  # no header: whoever connected
        ("", PROXY),
        ("203.0.113.5", "203.0.113.5"),  # what nginx appended
        ("198.51.100.9, 203.0.113.5", "203.0.113.5"),  # the client's own prefix is ignored
        ("1.1.1.1,2.2.2.2,  203.0.113.5 ", "203.0.113.5"),
        ("not-an-address, 203.0.113.5", "203.0.113.5"),
        ("203.0.113.5:51234", "203.0.113.5"),  # a proxy that adds the port
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("2001:DB8:0:0::7", "2001:db8::7"),  # one spelling per address
        ("garbage", PROXY),  # a broken proxy: fall back to the connection
    ],
)
def test_one_proxy_takes_the_last_entry(settings, forwarded, expected):
    settings.NUM_PROXIES = 1
    assert client_address(request_from(forwarded=forwarded)) == expected


def test_two_proxies_take_the_second_entry_from_the_right(settings):
    settings.NUM_PROXIES = 2
    # forged by the client, client (added by the outer proxy), outer proxy (added by the inner)
    request = request_from(forwarded="198.51.100.9, 203.0.113.5, 10.0.0.1")
    assert client_address(request) == "203.0.113.5"


def test_fewer_entries_than_proxies_take_the_farthest_recorded_hop(settings):
    settings.NUM_PROXIES = 3
    assert client_address(request_from(forwarded="203.0.113.5, 10.0.0.1")) == "203.0.113.5"


def test_without_proxies_the_header_is_ignored(settings):
    settings.NUM_PROXIES = 0
    request = request_from(remote="203.0.113.5", forwarded="198.51.100.9")
    assert client_address(request) == "203.0.113.5"


def test_a_huge_forged_prefix_is_not_parsed(settings):
    settings.NUM_PROXIES = 1
    forged = ",".join(["198.51.100.9"] * 200_000)
    assert client_address(request_from(forwarded=f"{forged}, 203.0.113.5")) == "203.0.113.5"
