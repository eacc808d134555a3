"""User text stays text: never structure, never markup, never an HTML entity."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.sandbox import SandboxedEnvironment

from advocate_app.documents.model import BulletList, Heading, Paragraph, Quote, Table
from advocate_app.documents.templating import environment, parse_structure

HOSTILE = "## Heading\n- bullet\n> quote\n| a | b |\n@subject evil\n! loud\n<b>bold</b> &amp; & < > \" ' {{ 7*7 }} {% if x %}"


def render_string(source: str, **context) -> str:
    return environment().from_string(source).render(**context)


def test_environment_is_sandboxed_and_autoescaped():
    env = environment()
    assert isinstance(env, SandboxedEnvironment)
    assert env.autoescape is True


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")))
def test_any_text_round_trips_exactly(value):
    parsed = parse_structure(render_string("X{{ v }}Y", v=value))
    assert len(parsed.blocks) == 1
    assert parsed.blocks[0] == Paragraph("X" + value + "Y")


def test_hostile_value_at_line_start_stays_one_paragraph():
    parsed = parse_structure(render_string("{{ v }}\n\n- {{ v }}\n\n> {{ v }}", v=HOSTILE))
    assert [type(b) for b in parsed.blocks] == [Paragraph, BulletList, Quote]
    assert parsed.blocks[0].text == HOSTILE
    assert parsed.blocks[1].items == [HOSTILE]
    assert parsed.blocks[2].text == HOSTILE
    assert parsed.directives == {}


def test_structure_from_the_template_itself_is_parsed():
    source = ("@subject The subject\n## A heading\nline one\nline two\n\n- one\n- two\n\n> quoted\n\n! bold\n\n"
              "@table chronology\n| Date | What\n| 1 May 2026 | {{ v }}\n")
    parsed = parse_structure(render_string(source, v="a | b"))
    assert parsed.directive("subject") == "The subject"
    kinds = [type(b) for b in parsed.blocks]
    assert kinds == [Heading, Paragraph, BulletList, Quote, Paragraph, Table]
    assert parsed.blocks[1].text == "line one line two"
    assert parsed.blocks[4].emphasis is True
    table = parsed.blocks[5]
    assert table.kind == "chronology" and table.headers == ["Date", "What"]
    assert table.rows == [["1 May 2026", "a | b"]]


def test_no_entity_leaks_from_template_or_values():
    parsed = parse_structure(render_string("Fish & chips {{ v }}", v="Tom & Jerry <3 'quoted' \"double\""))
    assert parsed.blocks[0].text == "Fish & chips Tom & Jerry <3 'quoted' \"double\""


def test_template_code_in_values_is_not_run():
    parsed = parse_structure(render_string("{{ v }}", v="{{ 7*7 }} {% for x in y %}"))
    assert parsed.blocks[0].text == "{{ 7*7 }} {% for x in y %}"
