"""Content keys: the same text re-saved by another editor keeps its decisions; other text does not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from align.documents import Syllabus
from align.review.keys import default_scope, text_hash

TEXT = st.text(alphabet="能使用HTML5语义化标签搭建网页结构，。ABCxyz123", min_size=1, max_size=40)


@given(TEXT, st.lists(st.sampled_from([" ", "\u3000", "\n", "\t"]), max_size=4))
def test_white_space_and_character_width_do_not_change_the_key(text, spaces):
    spaced = "".join(spaces) + " ".join(text) + "".join(spaces)
    full_width = text.translate({ord(c): ord(c) + 0xFEE0 for c in "ABCxyz123"})
    assert text_hash(spaced) == text_hash(text) == text_hash(full_width)


@given(TEXT, TEXT)
def test_different_wording_gives_a_different_key(a, b):
    if a.replace(" ", "") != b.replace(" ", ""):
        assert text_hash(a) != text_hash(b)


def test_scope_is_the_most_common_major_else_the_courses():
    syllabi = [Syllabus("A", "a", majors=["软件技术"]), Syllabus("B", "b", majors=["软件技术", "计算机应用技术"]),
               Syllabus("C", "c")]  # fmt: skip
    assert default_scope(syllabi) == "软件技术"
    assert (
        default_scope([Syllabus("网页设计", "x"), Syllabus("JavaScript", "y")])
        == "课程：JavaScript、网页设计"
    )
