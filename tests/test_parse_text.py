"""Plain-text and Markdown files in the encodings Chinese offices save them in; content item splitting."""

from __future__ import annotations

import pytest

from align.errors import ParseError
from align.parse import parse_file
from align.parse.encoding import decode
from align.parse.items import split_content
from tests.test_parse_markdown import STANDARD_NATIONAL, SYLLABUS_TABLE

PLAIN_SYLLABUS = """\
《网络数据采集技术》课程标准
一、课程基本信息
课程名称：网络数据采集技术
课程代码：0520  学分：4
总学时：64（理论24，实践40）
二、课程目标
1. 掌握HTTP协议的基本原理。
三、课程内容
单元1 网页请求（8学时）
教学内容：requests库发送GET与POST请求；设置请求头与Cookie。
教学要求：能抓取静态网页。
单元2 页面解析（10学时）
1. XPath与CSS选择器
2. BeautifulSoup解析HTML
四、考核评价
过程考核占50%。
"""


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"]
)
def test_text_in_every_common_encoding(tmp_path, encoding):
    path = tmp_path / "course.txt"
    path.write_bytes(PLAIN_SYLLABUS.encode(encoding))
    syl = parse_file(path)
    assert (syl.course, syl.code, syl.credits) == ("网络数据采集技术", "0520", 4)
    assert (syl.hours.total, syl.hours.theory, syl.hours.practice) == (64, 24, 40)
    assert syl.objectives == ["掌握HTTP协议的基本原理"]
    assert [(u.title, u.hours, u.items) for u in syl.units] == [
        ("单元1 网页请求", 8, ["requests库发送GET与POST请求", "设置请求头与Cookie", "能抓取静态网页"]),
        ("单元2 页面解析", 10, ["XPath与CSS选择器", "BeautifulSoup解析HTML"]),
    ]


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_markdown_in_other_encodings(tmp_path, encoding):
    (tmp_path / "care.md").write_bytes(STANDARD_NATIONAL.encode(encoding))
    (tmp_path / "web.md").write_bytes(SYLLABUS_TABLE.encode(encoding))
    assert parse_file(tmp_path / "care.md").levels[0].points[0].text == "能为老年人摆放进食体位。"
    assert parse_file(tmp_path / "web.md").course == "Web前端开发基础"


def test_binary_data_is_not_taken_for_text(tmp_path):
    with pytest.raises(ParseError, match="encoding"):
        decode(bytes(range(256)) * 4, tmp_path / "x.txt")


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("1. HTML文档结构；2. 常用文本标签与列表。", ["HTML文档结构", "常用文本标签与列表"]),
        ("1.文档结构 2.常用标签 3.表格", ["文档结构", "常用标签", "表格"]),
        ("能编写页面。能调试样式！了解W3C规范？", ["能编写页面", "能调试样式", "了解W3C规范"]),
        ("（1）变量与类型；（2）函数\n③ 对象", ["变量与类型", "函数", "对象"]),
        ("• 使用Vue 3.2组件；使用ES6.0语法", ["使用Vue 3.2组件", "使用ES6.0语法"]),
        ("掌握HTTP协议", ["掌握HTTP协议"]),
    ],
)
def test_content_is_split_into_items(text, items):
    assert split_content([text]) == [items]
