"""A very long table cell is laid out in pieces: every word printed, the cost in step with its length.

Why not a timing test: wall-clock time varies by machine. What made one 200 KB
cell take half a minute is that reportlab laid the whole remaining cell out
again for every page; the pieces bound that, and these tests check that the
pieces lose nothing and stay bounded (benchmarks/cold.py cell shows the time).
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from advocate_app.documents.model import Document, Table
from advocate_app.documents.pdf import CELL_PIECE, cell_pieces, render_pdf
from tests.documents.helpers import pdf_text, squash


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .?!\n"), max_size=6 * CELL_PIECE))
def test_pieces_keep_every_word_in_order_and_are_bounded(text: str):
    pieces = cell_pieces(text)
    assert all(len(p) <= CELL_PIECE for p in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())


def test_a_long_sentence_cell_is_cut_after_sentences():
    text = "The notes say I refused help, which is not true. " * 200
    pieces = cell_pieces(text)
    assert len(pieces) > 5
    assert all(p.endswith(".") for p in pieces[:-1])


def test_an_unbroken_word_is_cut_at_the_piece_size():
    assert [len(p) for p in cell_pieces("x" * (2 * CELL_PIECE + 7))] == [CELL_PIECE, CELL_PIECE, 7]


def test_a_short_cell_is_one_piece():
    assert cell_pieces("Seen by the duty team.") == ["Seen by the duty team."]


def test_a_cell_of_many_pages_prints_every_word_once():
    words = [f"w{i:05d}" for i in range(12_000)]
    doc = Document(kind="summary", title="Chronology", blocks=[
        Table(headers=["Date", "What happened"], rows=[["1 March 2026", " ".join(words)], ["2 March", "After."]],
              kind="chronology")])
    text = squash(pdf_text(render_pdf(doc)))
    found = [w for w in text.split() if w.startswith("w") and len(w) == 6]
    assert found == words
    assert text.index("w11999") < text.index("After.")
