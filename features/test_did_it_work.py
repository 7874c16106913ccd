"""Scenarios of a comms lead asking whether an intervention worked and when critical mass comes."""

from pytest_bdd import parsers, scenarios, then

scenarios("did_it_work.feature")


def _effect(workspace, title: str) -> dict:
    found = [e for e in workspace["evaluation"]["interventions"] if e["title"] == title]
    assert len(found) == 1, workspace["evaluation"]["interventions"]
    return found[0]


@then(parsers.parse('"{title}" worked'))
def it_worked(workspace, title):
    assert _effect(workspace, title)["verdict"] == "worked"


@then(parsers.parse('"{title}" had no clear effect'))
def no_clear_effect(workspace, title):
    assert _effect(workspace, title)["verdict"] == "no clear effect"


@then(parsers.parse('"{title}" has not started'))
def not_started(workspace, title):
    assert _effect(workspace, title)["status"] == "not started"


@then(parsers.parse('the effect of "{title}" is about {points:d}pp'))
def the_effect_is_about(workspace, title, points):
    effect = _effect(workspace, title)
    assert abs(effect["effect"] * 100 - points) < 1.5, effect
    assert effect["low"] * 100 < points < effect["high"] * 100


@then(parsers.parse('"{segment}" reaches the critical mass in {period} at this pace'))
def reaches_the_critical_mass(workspace, segment, period):
    progress = {p["segment"]: p for p in workspace["evaluation"]["critical_mass"]}
    assert progress[segment]["forecast"]["period"] == period, progress[segment]["forecast"]
