"""The rules of sitecheck/external.py, one decision at a time, with no server at all."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest
from sitecheck.external import (
    Answer,
    interleave_by_host,
    judge,
    parse_retry_after,
    same_page,
    url_problem,
)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://[oops/", "it is not a valid URL (Invalid IPv6 URL)"),
        ("https:///no-host", "it is not a valid URL (it names no host)"),
        ("ftp://example.org/file", "it is not a web address"),
        ("HTTPS://example.org/", None),
    ],
)
def test_which_urls_can_be_requested(url: str, problem: str | None) -> None:
    assert url_problem(url) == problem


@pytest.mark.parametrize(
    ("url", "moved_to", "permanent", "verdict"),
    [
        ("https://a.example/", "https://a.example/en/", False, "ok"),  # a home page's language
        ("https://a.example/", "https://new.example/", True, "broken"),  # the site moved
        ("https://a.example/", "https://new.example/", False, "ok"),
        ("https://a.example/guide", "https://a.example/", False, "broken"),  # a soft 404
        ("https://a.example/guide", "https://b.example/guide-v2", True, "broken"),
        ("https://a.example/guide", "https://a.example/login?next=guide", False, "ok"),
    ],
)
def test_what_a_redirect_means(url: str, moved_to: str, permanent: bool, verdict: str) -> None:
    answer = Answer(200, "", moved_to=moved_to, moved_permanently=permanent)
    assert judge(url, answer).verdict == verdict


@pytest.mark.parametrize(
    ("before", "after", "same"),
    [
        ("http://a.example/guide", "https://a.example/guide", True),
        ("https://a.example/guide", "https://www.a.example/guide/", True),
        ("https://a.example/guide/", "https://a.example/guide/index.html", True),
        ("https://a.example/guide", "https://a.example/guide?x=1", False),
        ("https://a.example/guide", "https://a.example/other", False),
        ("https://a.example:8443/guide", "https://a.example/guide", False),
    ],
)
def test_which_redirects_keep_the_page(before: str, after: str, same: bool) -> None:
    assert same_page(before, after) is same


def test_retry_after_as_seconds_or_http_date() -> None:
    in_ten_seconds = formatdate(time.time() + 10, usegmt=True)
    assert 8 <= parse_retry_after(in_ten_seconds) <= 10
    assert parse_retry_after("7") == 7
    assert parse_retry_after("3600") == 60  # capped: a build does not wait an hour
    assert parse_retry_after("soon") is None


def test_urls_are_taken_one_host_at_a_time() -> None:
    urls = ["https://a.test/1", "https://a.test/2", "https://a.test/3", "https://b.test/1"]
    assert interleave_by_host(urls) == [
        "https://a.test/1",
        "https://b.test/1",
        "https://a.test/2",
        "https://a.test/3",
    ]
