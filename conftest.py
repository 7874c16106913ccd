"""Real components a test needs (a browser, Java, a database server, node, the public data),
and the fixtures every suite shares (local notify servers).

A test names what it needs with `@pytest.mark.needs("java")`. On a user's machine that lacks it,
the test is skipped with a reason that says what to install; under `.ci/run`
(ADOPTPLAN_REQUIRE_COMPONENTS=1) a missing component fails the test instead, so CI never passes
by skipping.
"""

from __future__ import annotations

import glob
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from support.notify import Mailbox, Webhook, free_port, slack_problems, teams_problems

REPOSITORY = Path(__file__).resolve().parent


def yammer_data() -> Path:
    """The public Yammer case data: ADOPTPLAN_YAMMER_DATA, or ../shared/data/yammer beside the clone."""
    given = os.environ.get("ADOPTPLAN_YAMMER_DATA")
    return Path(given) if given else REPOSITORY.parent / "shared" / "data" / "yammer"


def _postgres_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return str(Path(found[-1]).parent) if found else None


# component -> (is it here?, what to install)
COMPONENTS = {
    "chromium": (lambda: shutil.which("chromium") or shutil.which("chromium-browser"),
                 "headless Chromium (apt-get install chromium)"),
    "node": (lambda: shutil.which("node") and shutil.which("npm"),
             "Node.js and npm (apt-get install nodejs npm)"),
    "java": (lambda: shutil.which("java"),
             "Java for Spark (apt-get install openjdk-17-jre-headless)"),
    "postgresql": (_postgres_bin, "a PostgreSQL server (apt-get install postgresql)"),
    "yammer": (lambda: (yammer_data() / "yammer_users.csv").is_file(),
               "the public Yammer data (shared/data/yammer beside the clone, "
               "or ADOPTPLAN_YAMMER_DATA naming its folder)"),
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs(component): a real component the test runs on")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("needs"):
        for component in mark.args:
            present, install = COMPONENTS[component]
            if present():
                continue
            reason = f"needs {install}"
            if os.environ.get("ADOPTPLAN_REQUIRE_COMPONENTS") == "1":
                pytest.fail(f"{reason} (missing in CI, where every component must be present)")
            pytest.skip(reason)


# Real local servers for notify, on 127.0.0.1 (the unit tests, the features and the Yammer run).
@pytest.fixture
def teams_hook() -> Iterator[Webhook]:
    yield from _serving(Webhook(teams_problems))


@pytest.fixture
def slack_hook() -> Iterator[Webhook]:
    yield from _serving(Webhook(slack_problems))


def _serving(hook: Webhook) -> Iterator[Webhook]:
    hook.thread.start()
    try:
        yield hook
    finally:
        hook.server.shutdown()
        hook.server.server_close()


@pytest.fixture
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    # aiosmtpd logs a deprecation of its own on every login
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port,
                            authenticator=mailbox.authenticate, auth_require_tls=False)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()
