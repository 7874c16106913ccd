"""Scenarios of `metrics build --sql-out --dialect`: the build's SQL for the team's own engine.

The Spark engine itself runs in tests/integration/test_spark.py, on Java, which a scenario here
cannot ask for.
"""

from pytest_bdd import given, parsers, scenarios, then

scenarios("metrics_beyond_one_machine.feature")


@given(parsers.re(r'the (?:people directory|events|mapping) "(?P<name>[^"]+)":'))
def a_data_file(tmp_path, name, docstring):
    (tmp_path / name).write_text(docstring + "\n", encoding="utf-8")


@then(parsers.parse('the file "{name}" says "{text}"'))
def the_file_says(tmp_path, name, text):
    assert text in (tmp_path / name).read_text(encoding="utf-8")
