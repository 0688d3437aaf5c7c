"""The address guard of hooks/check_external.py: a link to this machine, its network or the
cloud's metadata service is never requested, by name, by redirect or through a proxy.

Hits are counted by local servers on 127.0.0.1 and 127.0.0.2; names are made up and answered
by a fake resolver; any connection off this machine fails the test (tests/support/network.py).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from conftest import CONFIG_WITH_BOTH_HOOKS, BuildSite, BuiltSite
from links_server import LocalServer, running
from sitecheck.guard import AddressPolicy, RefusedAddress, address_kind, open_checked_socket

from tests.support.network import NetworkGuard

pytestmark = pytest.mark.usefixtures("nothing_leaves_the_machine")


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fc00::1", "a private address"),
        ("::ffff:10.0.0.1", "a private address"),  # IPv4 written as IPv6 reaches the same host
        ("127.0.0.2", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("0.0.0.0", "a private address"),  # "this host": connects to the machine itself
        ("::", "a private address"),  # unspecified, like 0.0.0.0
        ("169.254.169.254", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("169.254.1.1", "a link-local address"),
        ("fe80::1%eth0", "a link-local address"),
        ("100.64.0.1", "a reserved, not public, address"),  # carrier-grade NAT
        ("224.0.0.1", "a reserved, not public, address"),
        # Public addresses: the only ones a link may reach.
        ("93.184.215.14", None),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_what_each_address_is(address: str, kind: str | None) -> None:
    assert address_kind(address) == kind


@pytest.fixture
def second_server() -> Iterator[LocalServer]:
    with running("127.0.0.2") as local:
        yield local


def links_to(*urls: str) -> dict[str, str]:
    return {"index.md": "# Home\n\n" + "".join(f"- <{url}>\n" for url in urls)}


def refusals(site: BuiltSite) -> list[str]:
    return [info for info in site.infos if "but it was not requested" in info]


def test_loopback_links_get_no_hits_unless_a_setting_allows_them(
    build_site: BuildSite,
    server: LocalServer,
    second_server: LocalServer,
    external_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs = links_to(f"http://localhost:{server.port}/secret", f"{second_server.base}/x")
    for allowed in ["", "127.0.0.1"]:  # a test server's address does not allow a name for it
        monkeypatch.setenv("CHECK_EXTERNAL_LINKS_ALLOW_HOSTS", allowed)
        site = build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
        assert server.hits == 0 and second_server.hits == 0
        assert site.warnings == []
        assert [info.split(", but ")[1] for info in refusals(site)] == [
            "it was not requested: 'localhost' resolves to '127.0.0.1', a loopback address.",
            "it was not requested: '127.0.0.2', a loopback address.",
        ]
    monkeypatch.setenv("CHECK_EXTERNAL_LINKS_ALLOW_HOSTS", "localhost 127.0.0.2")
    site = build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert server.requests["HEAD /secret"] == 1 and second_server.requests["HEAD /x"] == 1
    assert site.warnings == [] and not refusals(site)


def test_addresses_written_oddly_are_judged_as_what_they_reach(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str]
) -> None:
    port = server.port
    odd = [
        f"http://2130706433:{port}/secret",  # 127.0.0.1 as one decimal number
        f"http://0177.0.0.1:{port}/secret",  # octal
        f"http://127.1:{port}/secret",  # short form
        f"http://[::ffff:127.0.0.1]:{port}/secret",  # IPv4 inside IPv6
        "http://[::1]/secret",  # IPv6 without a port
        f"http://0.0.0.0:{port}/secret",
    ]
    site = build_site(links_to(*odd), base_config=CONFIG_WITH_BOTH_HOOKS)
    assert server.hits == 0
    refused = refusals(site)
    assert len(refused) == len(odd), site.infos
    assert "'::1', a loopback address" in "".join(refused)


def test_a_redirect_to_this_machine_is_not_followed(
    build_site: BuildSite, server: LocalServer, external_env: dict[str, str]
) -> None:
    site = build_site(links_to(f"{server.base}/to-localhost"), base_config=CONFIG_WITH_BOTH_HOOKS)
    assert server.requests["HEAD /to-localhost"] == 1
    assert server.requests["HEAD /secret"] == 0 and server.requests["GET /secret"] == 0
    refused = refusals(site)
    assert len(refused) == 1 and "'localhost' resolves to '127.0.0.1'" in refused[0]


def test_environment_proxies_carry_no_refused_request(
    build_site: BuildSite,
    server: LocalServer,
    second_server: LocalServer,
    external_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    proxy = second_server  # counts what a proxy would be asked to forward
    # Even a proxy the guard would let through is never used: it could reach what we may not.
    monkeypatch.setenv("CHECK_EXTERNAL_LINKS_ALLOW_HOSTS", "127.0.0.1 127.0.0.2")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, proxy.base)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    docs = links_to(
        f"http://localhost:{server.port}/secret",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        f"{server.base}/ok",
    )
    site = build_site(docs, base_config=CONFIG_WITH_BOTH_HOOKS)
    assert proxy.hits == 0
    assert server.requests == {"HEAD /ok": 1}  # the allowed server, asked directly
    assert len(refusals(site)) == 3


def test_a_name_is_judged_by_every_address_it_resolves_to(
    fake_dns: dict[str, list[str]], nothing_leaves_the_machine: NetworkGuard
) -> None:
    fake_dns.update(
        {
            "intranet.example": ["10.0.0.5"],
            "metadata.google.internal": ["169.254.169.254"],
            "half-public.example": ["93.184.215.14", "10.0.0.7"],  # one bad address is enough
        }
    )
    policy = AddressPolicy()
    for name, address, kind in [
        ("intranet.example", "10.0.0.5", "a private address"),
        ("metadata.google.internal", "169.254.169.254", "a cloud metadata address"),
        ("half-public.example", "10.0.0.7", "a private address"),
    ]:
        with pytest.raises(RefusedAddress) as refused:
            open_checked_socket(name, 80, 1.0, policy)
        assert (refused.value.address, refused.value.kind) == (address, kind)
    assert nothing_leaves_the_machine.attempts == [], "refused before any connection"


def test_a_name_is_resolved_once_and_the_judged_address_is_the_one_connected_to(
    monkeypatch: pytest.MonkeyPatch, nothing_leaves_the_machine: NetworkGuard
) -> None:
    # DNS rebinding: a public address when judged, this machine's when connected to.
    answers = iter([["93.184.215.14"], ["127.0.0.1"]])
    lookups: list[str] = []

    def rebinding(host, port, *args, **kwargs):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    # The test's own guard stops the connection to the public address: nothing is sent.
    with pytest.raises(ConnectionRefusedError):
        open_checked_socket("rebind.example", 80, 1.0, AddressPolicy())
    assert lookups == ["rebind.example"]
    assert nothing_leaves_the_machine.attempts == ["93.184.215.14"]
    nothing_leaves_the_machine.attempts.clear()


def test_an_allowed_host_is_allowed_by_the_name_the_url_writes() -> None:
    policy = AddressPolicy.allowing(["127.0.0.1", "[::1]", "LocalHost"])
    policy.check("127.0.0.1", "127.0.0.1")
    policy.check("::1", "::1")
    policy.check("localhost", "127.0.0.1")
    with pytest.raises(RefusedAddress, match=r"'127\.0\.0\.2', a loopback address"):
        policy.check("127.0.0.2", "127.0.0.2")
