"""Numbers in front of requirements: whatever the separators, a cell splits back into its points."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from align.parse.levels import level_name
from align.parse.numbering import split_numbered

# Requirement texts as standards write them: Chinese words, Latin names, commas; no numbers.
WORDS = st.sampled_from(
    ["能", "使用", "HTML5", "搭建", "页面", "结构", "，", "Vue", "组件", "数据", "分析", "报表"]
)
TEXTS = st.lists(WORDS, min_size=1, max_size=8).map("".join).filter(lambda t: not t.startswith("，"))


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(TEXTS, min_size=1, max_size=6),
    separator=st.sampled_from(["\n", "；", "；\n", "\n\n"]),
    mark=st.sampled_from(["{id} ", "{id}", "{id}、", "{id}. ", "{id}．"]),
    full_width=st.booleans(),
)
def test_a_cell_of_numbered_points_splits_back_into_them(texts, separator, mark, full_width):
    ids = [f"2.3.{k}" for k in range(1, len(texts) + 1)]
    numbers = [mark.format(id=i) for i in ids]
    if full_width:
        numbers = [n.translate(str.maketrans("0123456789.", "０１２３４５６７８９．")) for n in numbers]
    cell = separator.join(n + t for n, t in zip(numbers, texts, strict=True))
    parts = split_numbered(cell)
    assert [(n.dotted if n else None, t) for n, t in parts] == list(zip(ids, texts, strict=True))


@given(
    st.sampled_from(
        ["初级", "中级", "高级", "五级/初级工", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"]
    ),
    st.sampled_from(["{}", "职业技能等级要求（{}）", "{}职业技能等级要求", "3.1 {}", "（二）{}", "{}要求"]),
)
def test_level_names_in_their_wrappings(name, wrapping):
    assert level_name(wrapping.format(name)) == name
