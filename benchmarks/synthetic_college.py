"""A synthetic college (or province) generated from the bundled corpora, for the batch benchmark.

Majors are drawn from the five sample majors (软件技术01, 大数据技术01, …); each gets its own
variants of syllabi from its own field and from the others, so a major's content is mostly new text
(encoded, not found in the cache) while staying Chinese course content of realistic length. The
library holds variants of the five sample standards. Deterministic for a given seed.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from align.documents import Standard, Syllabus
from align.parse import load_documents

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
# The sample majors and the standard that belongs to each, in the same order.
GROUPS = ["软件技术", "大数据技术", "电子商务", "大数据与会计", "智慧健康养老服务与管理"]
GROUP_STANDARDS = ["web-frontend", "bigdata-python", "ecommerce-data", "smart-tax", "elderly-care"]


@dataclass(frozen=True)
class CollegeSize:
    majors: int = 60
    syllabi: int = 30  # per major
    standards: int = 3  # reported per major (listed, or the top of the ranking for auto majors)
    library: int = 20
    novel: float = 0.7  # share of content items rewritten per major (new text, not in the cache)


def _variant(text: str, pool: list[str], rng: random.Random) -> str:
    """The text with a fragment of another one appended: new wording, same field."""
    other = rng.choice(pool)
    start = rng.randrange(max(1, len(other) - 6))
    return f"{text}，{other[start : start + rng.randint(4, 12)]}"


def _load() -> tuple[dict[str, Standard], dict[str, list[Syllabus]]]:
    standards = {Path(s.source).stem: s for s in load_documents([CORPORA / "standards"], kind="standard")}
    syllabi = {g: load_documents([CORPORA / "syllabi" / g], kind="syllabus") for g in GROUPS}
    return standards, syllabi  # type: ignore[return-value]


def _write_standard(std: Standard, name: str, majors: list[str], folder: Path, slug: str,
                    rng: random.Random | None) -> Path:  # fmt: skip
    texts = [p.text for lv in std.levels for p in lv.points]
    path = folder / f"{slug}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["level", "id", "work_area", "task", "text", "knowledge"])
        for lv in std.levels:
            for p in lv.points:
                text = _variant(p.text, texts, rng) if rng and rng.random() < 0.6 else p.text
                out.writerow([lv.name, p.id, p.work_area, p.task, text, "；".join(p.knowledge)])
    quoted = ", ".join(f'"{m}"' for m in majors)
    path.with_name(f"{slug}.meta.toml").write_text(
        f'name = "{name}"\nmajors = [{quoted}]\ncumulative = {str(std.cumulative).lower()}\n',
        encoding="utf-8",
    )
    return path


def _write_syllabus(syl: Syllabus, course: str, path: Path, rng: random.Random, novel: float) -> None:
    pool = [i for u in syl.units for i in u.items] or [course]
    rows = []
    for n, unit in enumerate(syl.units, 1):
        items = [_variant(i, pool, rng) if rng.random() < novel else i for i in unit.items]
        content = "；".join(f"{k}. {i}" for k, i in enumerate(items, 1)).replace("|", "/")
        hours = f"{unit.hours:g}" if unit.hours else "4"
        rows.append(f"| {n} | {unit.title.replace('|', '/')} | {content} | | {hours} |")
    total = f"{syl.hours.total:g}" if syl.hours.total else "64"
    objectives = "\n".join(f"{k}. {o}" for k, o in enumerate(syl.objectives[:5], 1)) or "1. 掌握本课程内容。"
    path.write_text(
        f"# 《{course}》课程标准\n\n## 一、课程基本信息\n"
        f"| 课程名称 | {course} | 课程代码 | {syl.code or '0000'} |\n"
        f"|---|---|---|---|\n| 学分 | 4 | 总学时 | {total} |\n\n## 二、课程目标\n{objectives}\n\n"
        "## 三、课程内容与学时安排\n| 序号 | 教学单元 | 教学内容 | 教学要求 | 学时 |\n|---|---|---|---|---|\n"
        + "\n".join(rows) + "\n",
        encoding="utf-8",
    )  # fmt: skip


def major_names(n: int) -> list[str]:
    return [f"{GROUPS[m % 5]}{m // 5 + 1:02d}" for m in range(n)]


def generate(root: Path, size: CollegeSize = CollegeSize(), seed: int = 7) -> Path:
    """Write ``root/standards/``, ``root/majors/<专业>/`` and ``root/batch.toml``; return the config path."""
    rng = random.Random(seed)
    standards, syllabi = _load()
    names = major_names(size.majors)
    (root / "standards").mkdir(parents=True, exist_ok=True)
    library: list[tuple[int, str]] = []  # (group, file name)
    for k in range(size.library):
        group, variant = k % 5, k // 5
        base = standards[GROUP_STANDARDS[group]]
        name = base.name if variant == 0 else base.name.replace("标准", f"标准（方向{variant}）", 1)
        majors = [*base.majors, *(m for i, m in enumerate(names) if i % 5 == group)]
        slug = f"{GROUP_STANDARDS[group]}-{variant}"
        _write_standard(base, name, majors, root / "standards", slug, rng if variant else None)
        library.append((group, f"{slug}.csv"))
    lines = ['library = "standards"\n', f"[batch]\nauto_top = {size.standards}\n"]
    for m, major in enumerate(names):
        group = m % 5
        folder = root / "majors" / major
        folder.mkdir(parents=True, exist_ok=True)
        own = list(syllabi[GROUPS[group]])
        others = [s for g in GROUPS if g != GROUPS[group] for s in syllabi[g]]
        pool = own + rng.sample(others, len(others))
        for i in range(size.syllabi):
            syl = pool[i % len(pool)]
            course = syl.course if i < len(pool) else f"{syl.course}（{i // len(pool) + 1}）"
            _write_syllabus(syl, course, folder / f"{course}.md", rng, size.novel)
        candidates = [f for g, f in library if g == group] + [f for g, f in library if g != group]
        start = (m // 5) % max(1, sum(g == group for g, _ in library))
        listed = (candidates[start:] + candidates[:start])[: size.standards]
        standards_line = '"auto"' if m % 4 == 3 else "[" + ", ".join(f'"standards/{f}"' for f in listed) + "]"
        lines.append(
            f'\n[[majors]]\nname = "{major}"\nsyllabi = ["majors/{major}"]\nstandards = {standards_line}\n'
        )
    config = root / "batch.toml"
    config.write_text("".join(lines), encoding="utf-8")
    return config
