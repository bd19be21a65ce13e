"""Compound requirements split into the clauses a course must each teach — and no further."""

from __future__ import annotations

import pytest

from align.match.clauses import split_clauses


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("能安装并配置Hadoop集群，并进行性能调优", ("安装Hadoop集群", "配置Hadoop集群", "进行性能调优")),
        ("能为老年人摆放进食体位并协助进食", ("为老年人摆放进食体位", "协助进食")),
        (
            "能将静态网站发布到Web服务器，完成域名解析绑定和访问测试",
            ("将静态网站发布到Web服务器", "完成域名解析绑定和访问测试"),
        ),
        (
            "能使用列表和图像组织网页内容，并正确设置相对路径和绝对路径。",
            ("使用列表和图像组织网页内容", "正确设置相对路径和绝对路径"),
        ),
    ],
)
def test_compound_requirements_split_at_coordination(text, clauses):
    assert split_clauses(text) == clauses


@pytest.mark.parametrize(
    "text",
    [
        "能根据网页设计稿，使用HTML5语义化标签搭建页面的整体结构",  # a condition, not a second skill
        "能针对移动终端进行页面适配，使页面在不同尺寸的屏幕上正确显示",  # a purpose
        "能识别和处理常见的异常情况",
        "能使用数组以及内置对象完成数据的存储、查找和排序",
    ],
)
def test_simple_requirements_stay_whole(text):
    assert split_clauses(text) == (text,)
