"""A small college built in tmp_path from the bundled corpora, for the batch tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from align.settings import Settings

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
WEB_SYLLABI = ["JavaScript程序设计.md", "网页设计与制作.md", "响应式Web开发.md"]
BIGDATA_SYLLABI = ["Python程序设计.md", "Hadoop大数据平台构建.md", "数据分析与可视化.md"]
LIBRARY = ["web-frontend.md", "bigdata-python.md", "smart-tax.csv", "smart-tax.meta.toml"]

CONFIG = """\
library = "standards"

[batch]
auto_top = 1
{formats}
[[majors]]
name = "软件技术"
syllabi = ["majors/软件技术"]
standards = ["standards/web-frontend.md"]

[[majors]]
name = "计算机应用技术"
syllabi = "majors/计算机应用技术"
standards = ["web-frontend.md"]

[[majors]]
name = "大数据技术"
syllabi = ["majors/大数据技术"]
standards = "auto"
"""

PLAN_MD = """\
# 软件技术专业人才培养方案

专业名称：软件技术

## 课程设置与教学进程
| 课程名称 | 课程类型 | 学分 | 学时 | 开课学期 |
|---|---|---|---|---|
| JavaScript程序设计 | 专业基础课 | 4 | 64 | 2 |
| 网页设计与制作 | 专业基础课 | 4 | 64 | 1 |
| 前端工程化实践 | 专业核心课 | 3 | 48 | 4 |
"""


def fast_settings(tmp_path: Path) -> Settings:
    """The TF-IDF baseline without clauses: no model to load, a few seconds per major."""
    return Settings(cache_dir=tmp_path / "cache").with_match(model="tfidf", method="dense", clauses=False)


def copy_files(src: Path, names: list[str], dst: Path) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(src / name, dst / name)


def make_college(root: Path, formats: list[str] | None = None) -> Path:
    """Three majors (two share their syllabi, so they share their gaps) and a library of three standards.

    ``formats``: the per-major report files (all four when ``None``; fewer keep slow tests fast).
    """
    copy_files(CORPORA / "standards", LIBRARY, root / "standards")
    copy_files(CORPORA / "syllabi" / "软件技术", WEB_SYLLABI, root / "majors" / "软件技术")
    copy_files(CORPORA / "syllabi" / "软件技术", WEB_SYLLABI, root / "majors" / "计算机应用技术")
    copy_files(CORPORA / "syllabi" / "大数据技术", BIGDATA_SYLLABI, root / "majors" / "大数据技术")
    path = root / "college.toml"
    line = f"formats = {json.dumps(formats)}\n" if formats else ""
    path.write_text(CONFIG.format(formats=line), encoding="utf-8")
    return path


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def report_jsons(out: Path) -> dict[str, dict]:
    return {p.parent.name: read_json(p) for p in sorted((out / "majors").glob("*/report.json"))}
