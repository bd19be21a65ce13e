"""Generated documents and hand-built reports for the page, review and app tests.

The Markdown follows corpora/FORMATS.md; the reports are built by hand so that a test knows exactly
which point and unit a decision belongs to.
"""

from __future__ import annotations

import socket
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from align.documents import (
    CourseUnit,
    CoverageReport,
    Evidence,
    Level,
    LevelCoverage,
    PointResult,
    SkillPoint,
    Standard,
    StandardCoverage,
    Syllabus,
)
from align.settings import Settings

#: The page's settings in tests: the TF-IDF baseline without clauses (no model to load, no cache).
FAST = replace(Settings(), cache_dir=None).with_match(model="tfidf", method="dense", clauses=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def page_served(data_dir: Path, settings: Settings = FAST, **serve_options) -> Iterator[str]:
    """The page served in this process on a free port (``serve_options``: more ServeSettings); its URL."""
    from align.ui.config import ServeSettings
    from align.ui.page import build_app, launch

    serve = ServeSettings(data_dir=data_dir, port=free_port(), **serve_options)
    app = build_app(settings, serve)
    _, url, _ = launch(app, serve, block=False, quiet=True)
    try:
        yield url.rstrip("/")
    finally:
        app.close()
        app.align_service.store.close()


STANDARD_NAME = "测试前端开发职业技能等级标准"
STANDARD_MD = f"""# {STANDARD_NAME}

## 适用院校专业
高等职业学校：软件技术。

## 职业技能等级要求

### 初级
| 工作领域 | 工作任务 | 职业技能要求 |
|---|---|---|
| 1. 静态网页开发 | 1.1 网页结构搭建 | 1.1.1 能使用HTML5语义化标签搭建网页结构。 |
| | | 1.1.2 能使用CSS3盒子模型完成页面布局。 |
| 2. 项目部署 | 2.1 服务器部署 | 2.1.1 能配置Nginx反向代理并部署前端项目。 |

### 中级
| 工作领域 | 工作任务 | 职业技能要求 |
|---|---|---|
| 1. 交互开发 | 1.1 事件处理 | 1.1.1 能使用JavaScript为页面元素绑定事件并处理用户交互。 |
"""


def syllabus_md(course: str, units: list[tuple[str, str, int]], major: str = "软件技术") -> str:
    rows = "\n".join(
        f"| {i} | {title} | {content} | 能完成相关任务。 | {hours} |"
        for i, (title, content, hours) in enumerate(units, 1)
    )
    total = sum(h for _, _, h in units)
    return f"""# 《{course}》课程标准

## 一、课程基本信息
| 课程名称 | {course} | 课程代码 | 0312101 |
|---|---|---|---|
| 学分 | 2 | 总学时 | {total} |
| 适用专业 | {major} | 课程类型 | 专业基础课 |

## 二、课程目标
1. 能够完成本课程的典型任务。

## 三、课程内容与学时安排
| 序号 | 教学单元 | 教学内容 | 教学要求 | 学时 |
|---|---|---|---|---|
{rows}
"""


WEB = syllabus_md(
    "网页设计基础",
    [
        ("项目一 网页结构", "1. 使用HTML5语义化标签搭建网页的基本结构；2. 常用文本标签与列表标签。", 6),
        ("项目二 页面布局", "1. 运用CSS3盒子模型与浮动完成页面布局。", 8),
    ],
)
JS = syllabus_md(
    "JavaScript程序设计",
    [("单元一 事件", "1. 使用JavaScript为页面元素绑定事件；2. 处理用户的点击与输入。", 8)],
)


def write_inputs(folder: Path, zipped: bool = False, bad: bool = True) -> tuple[Path, list[Path]]:
    """A standard and the syllabi (two courses, optionally zipped, plus one unreadable .docx)."""
    folder.mkdir(parents=True, exist_ok=True)
    std = folder / "标准.md"
    std.write_text(STANDARD_MD, encoding="utf-8")
    web, js = folder / "网页设计基础.md", folder / "JavaScript程序设计.md"
    web.write_text(WEB, encoding="utf-8")
    js.write_text(JS, encoding="utf-8")
    syllabi = [web, js]
    if zipped:
        archive = folder / "课程标准.zip"
        with zipfile.ZipFile(archive, "w") as zf:
            zf.write(web, web.name)
            zf.write(js, js.name)
        syllabi = [archive]
    if bad:
        broken = folder / "损坏的课程.docx"
        broken.write_bytes(b"this is not a word document")
        syllabi.append(broken)
    return std, syllabi


# -- hand-built reports --------------------------------------------------------------------------

COURSE = "网页设计基础"
UNITS = {
    "项目一 网页结构": ["HTML5语义化标签", "列表标签"],
    "项目二 页面布局": ["CSS3盒子模型", "浮动布局"],
}
POINTS = [
    ("1.1.1", "能使用HTML5语义化标签搭建网页结构。", "covered", "项目一 网页结构"),
    ("1.1.2", "能使用CSS3盒子模型完成页面布局。", "partial", "项目二 页面布局"),
    ("2.1.1", "能配置Nginx反向代理并部署前端项目。", "gap", "项目一 网页结构"),
]


def make_report(
    points=POINTS,
    units=UNITS,
    course: str = COURSE,
    level: str = "初级",
    name: str = STANDARD_NAME,
    source: str = "upload-1/标准.md",
) -> CoverageReport:
    """One standard, one level; each point's evidence is the first item of the named unit."""
    syllabus = Syllabus(
        course,
        f"{source}-syllabus",
        majors=["软件技术"],
        units=[CourseUnit(t, 4, list(items)) for t, items in units.items()],
    )
    results = []
    for pid, text, status, unit in points:
        score = 0.8 if status == "covered" else 0.3
        ev = [Evidence(course, unit, units[unit][0], score)] if unit in units else []
        results.append(PointResult(SkillPoint(pid, text, "静态网页开发", "网页结构搭建"), status, 0.5, ev))
    standard = Standard(name, source, [Level(level, [r.point for r in results])])
    return CoverageReport([StandardCoverage(standard, [LevelCoverage(level, results)])], [syllabus],
                          "test", "v1")  # fmt: skip
