"""Generate the bad-input corpus of the hardening tests at test time (no committed binaries).

Every file is built here from code: broken and hostile archives are written byte by byte, so a
reader can see exactly what each one holds. :func:`make_corpus` writes the whole corpus into a
folder and says, for each file, whether it must parse (and what must come out) or fail with a
:class:`~align.errors.ParseError` whose message matches a pattern.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from align.parse.blocks import Heading, Table
from tests.parse_docgen import scanned_pdf, to_docx, to_pdf

STANDARD_MD = """# 网页设计职业技能等级标准

## 初级

| 工作领域 | 工作任务 | 职业技能要求 |
|---|---|---|
| 1. 页面制作 | 1.1 静态网页 | 1.1.1 能使用HTML5标签搭建页面结构。<br>1.1.2 能使用CSS设置文字与背景样式。 |
| | 1.2 页面布局 | 1.2.1 能使用Flex布局完成页面排版。 |
"""

STANDARD_POINTS = [
    ("1.1.1", "能使用HTML5标签搭建页面结构。"),
    ("1.1.2", "能使用CSS设置文字与背景样式。"),
    ("1.2.1", "能使用Flex布局完成页面排版。"),
]

SYLLABUS_TEXT = """《Linux操作系统》课程标准

课程代码：0611  总学时：64

项目一 Linux安装与配置（8学时）
能安装CentOS操作系统
能配置网络地址与主机名

项目二 文件与权限管理（10学时）
掌握文件权限的设置方法
能使用vi编辑配置文件
"""

STANDARD_BLOCKS = [
    Heading(1, "网页设计职业技能等级标准"),
    Heading(2, "初级"),
    Table(
        [
            ["工作领域", "工作任务", "职业技能要求"],
            ["1. 页面制作", "1.1 静态网页", "1.1.1 能使用HTML5标签搭建页面结构。"],
            ["", "", "1.1.2 能使用CSS设置文字与背景样式。"],
            ["", "1.2 页面布局", "1.2.1 能使用Flex布局完成页面排版。"],
        ]
    ),
]


# --- zip archives written by hand ------------------------------------------------------------------
@dataclass
class Member:
    """One member of a hand-written zip: its raw deflate data and what its header declares."""

    name: str
    data: bytes  # raw deflate stream (or stored bytes when ``method`` is 0)
    size: int  # declared uncompressed size
    crc: int
    method: int = 8


def deflated(name: str, content: bytes) -> Member:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name, c.compress(content) + c.flush(), len(content), zlib.crc32(content))


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip archive of ``members`` exactly as given (sizes and CRCs are not checked)."""
    out = bytearray()
    central = bytearray()
    for m in members:
        name = m.name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0x800, m.method, 0, 0x21, m.crc,
            len(m.data), m.size, len(name), 0,
        )  # fmt: skip
        out += name + m.data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, m.method, 0, 0x21, m.crc,
            len(m.data), m.size, len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def spaces_bomb(name: str, head: bytes, size: int, tail: bytes) -> Member:
    """``head``, then ``size`` bytes of spaces, then ``tail``, compressed about 1000:1.

    The spaces are compressed once and the compressed block repeated: with a window full of spaces,
    every repetition decodes the same, so a 2 GB member takes 2 MB and no time to build.
    """
    chunk = b" " * 2**20
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.compress(chunk) + c.flush(zlib.Z_SYNC_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_SYNC_FLUSH)
    last = c.compress(tail) + c.flush()
    n = max(2, size // len(chunk))
    data = first + again * (n - 1) + last
    # The CRC is not computed over gigabytes: a bounded reader refuses the member before reading it.
    return Member(name, data, len(head) + n * len(chunk) + len(tail), 0)


CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="word/document.xml"/>
</Relationships>"""
W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document_xml(body: bytes, prolog: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + prolog
        + b"<w:document "
        + W_NS
        + b"><w:body>"
        + body
        + b"</w:body></w:document>"
    )


def _paragraph(text: bytes) -> bytes:
    return b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>"


def minimal_docx(path: Path, document_xml: bytes) -> Path:
    return write_zip(
        path,
        [
            deflated("[Content_Types].xml", CONTENT_TYPES),
            deflated("_rels/.rels", RELS),
            deflated("word/document.xml", document_xml),
        ],
    )


def docx_zip_bomb(path: Path, size: int = 2 * 2**30) -> Path:
    """A .docx of about 2 MB whose document part unpacks to ``size`` bytes (2 GB)."""
    head = _document_xml(b"")[: -len(b"</w:body></w:document>")] + _paragraph(b"X")
    bomb = spaces_bomb("word/document.xml", head, size, b"</w:body></w:document>")
    return write_zip(
        path, [deflated("[Content_Types].xml", CONTENT_TYPES), deflated("_rels/.rels", RELS), bomb]
    )


def billion_laughs_dtd(levels: int = 9) -> bytes:
    lines = [b'<!ENTITY lol0 "lol">']
    for i in range(1, levels + 1):
        lines.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">'.encode())
    return b"<!DOCTYPE w:document [" + b"".join(lines) + b"]>\n"


def docx_entity_expansion(path: Path) -> Path:
    """A .docx whose document part declares the 'billion laughs' entities and uses the last one."""
    xml = _document_xml(_paragraph(b"&lol9;"), billion_laughs_dtd())
    return minimal_docx(path, xml)


def docx_external_entity(path: Path, secret: Path) -> Path:
    """A .docx that asks the XML parser to read a local file into the document (XXE)."""
    prolog = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'.encode()
    return minimal_docx(path, _document_xml(_paragraph(b"&xxe;"), prolog))


def docx_entities_in_utf16(path: Path) -> Path:
    """The billion laughs again, in a document part encoded as UTF-16 (a byte scan for DOCTYPE misses it)."""
    xml = _document_xml(_paragraph(b"&lol9;"), billion_laughs_dtd()).replace(b"UTF-8", b"UTF-16")
    return minimal_docx(path, b"\xff\xfe" + xml.decode().encode("utf-16-le"))


def docx_many_entries(path: Path, n: int = 20_000) -> Path:
    members = [deflated("[Content_Types].xml", CONTENT_TYPES), deflated("_rels/.rels", RELS)]
    members.append(deflated("word/document.xml", _document_xml(_paragraph("内容".encode()))))
    empty = deflated("x", b"")
    members += [Member(f"word/media/{i}.bin", empty.data, 0, 0) for i in range(n)]
    return write_zip(path, members)


def xlsx_file(path: Path, rows: list[list[object]], title: str = "初级") -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def xlsx_far_cell(path: Path) -> Path:
    """A small workbook with one more cell in its very last row and column (XFD1048576)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "初级"
    for row in [
        ["工作领域", "工作任务", "职业技能要求"],
        ["1. 页面制作", "1.1 静态网页", "1.1.1 能使用HTML5。"],
    ]:
        sheet.append(row)
    sheet["XFD1048576"] = "x"
    book.save(path)
    return path


def xlsx_entity_expansion(path: Path) -> Path:
    """A workbook whose sheet declares the billion laughs entities and uses them in a cell."""
    import zipfile

    good = xlsx_file(
        path.with_name(path.stem + "-src.xlsx"), [["工作领域", "工作任务", "职业技能要求"], ["a", "b", "c"]]
    )
    members = []
    with zipfile.ZipFile(good) as z:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                dtd = billion_laughs_dtd().replace(b"w:document", b"worksheet")
                start = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
                data = data[:start] + dtd + data[start:].replace(b"<t>a</t>", b"<t>&lol9;</t>")
            members.append(deflated(info.filename, data))
    good.unlink()
    return write_zip(path, members)


# --- PDF ---------------------------------------------------------------------------------------------
def raw_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF of the given objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def pdf_flate_bomb(path: Path, size: int = 2 * 2**30) -> Path:
    """A one-page PDF whose content stream inflates to ``size`` bytes of spaces (2 GB)."""
    m = spaces_bomb("content", b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n", size, b"\n")
    stream = b"\x78\x9c" + m.data + b"\x00\x00\x00\x00"  # zlib wrapper; the checksum is never reached
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return raw_pdf(path, objects)


def pdf_pages(path: Path, n: int) -> Path:
    """A PDF of ``n`` pages with one line each."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for i in range(n):
        c.drawString(72, 720, f"page {i + 1}")
        c.showPage()
    c.save()
    return path


def pdf_dense_page(path: Path, chars: int = 400_000) -> Path:
    """One page carrying ``chars`` characters drawn one on top of another."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    text = c.beginText(72, 720)
    text.setFont("Helvetica", 1)
    line = "x" * 1000
    for _ in range(chars // 1000):
        text.textLine(line)
    c.drawText(text)
    c.showPage()
    c.save()
    return path


# --- text --------------------------------------------------------------------------------------------
def _numbers(i: int) -> tuple[int, int, int]:
    """The i-th (from 1) of 20 × 25 × 20 = 10,000 ids, each part at most two digits as standards print."""
    return (i - 1) // 500 + 1, (i - 1) // 20 % 25 + 1, (i - 1) % 20 + 1


def long_table_md(rows: int) -> str:
    lines = [
        "# 大数据职业技能等级标准",
        "",
        "## 初级",
        "",
        "| 工作领域 | 工作任务 | 职业技能要求 |",
        "|---|---|---|",
    ]
    for i in range(1, rows + 1):
        area, task, point = _numbers(i)
        lines.append(
            f"| {area}. 领域{area} | {area}.{task} 任务{task} | {area}.{task}.{point} 能完成第{i}项操作。 |"
        )
    return "\n".join(lines) + "\n"


def long_table_rows(rows: int) -> list[list[str]]:
    out = [["level", "id", "work_area", "task", "text", "knowledge"]]
    for i in range(1, rows + 1):
        area, task, point = _numbers(i)
        out.append(
            ["初级", f"{area}.{task}.{point}", f"领域{area}", f"任务{task}", f"能完成第{i}项操作。", ""]
        )
    return out


# --- the corpus --------------------------------------------------------------------------------------
@dataclass
class Case:
    """One bad input: either it parses (and ``check`` holds) or it fails with a message matching ``error``."""

    name: str
    path: Path
    error: str = ""  # a regex the one-line message must match; empty: the file must parse
    check: Callable[[object], bool] | None = None
    kind: str | None = None


def _points(doc) -> list[tuple[str, str]]:
    return [(p.id, p.text) for lv in doc.levels for p in lv.points]


def make_corpus(root: Path) -> list[Case]:
    """Write every bad input into ``root``; fast (a few seconds) so each test run can rebuild it."""
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(9)
    cases: list[Case] = []

    def add(name: str, data: bytes | str | None = None, **kw) -> Path:
        path = root / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        elif data is not None:
            path.write_bytes(data)
        return path

    # Empty files and random bytes, whatever their names say.
    for ext in (".docx", ".pdf", ".xlsx", ".csv", ".md", ".txt"):
        cases.append(Case(f"empty{ext}", add(f"empty{ext}", b""), error="empty"))
    noise = bytes(rng.getrandbits(8) for _ in range(20_000))
    for ext, error in (
        (".docx", "not a readable Word document"),
        (".xlsx", "not a readable Excel workbook"),
        (".pdf", "not a PDF"),
        (".md", "encoding|not text"),
        (".csv", "encoding|not text"),
    ):
        cases.append(Case(f"random{ext}", add(f"random{ext}", noise), error=error))

    # Truncated documents.
    good_docx = to_docx(STANDARD_BLOCKS, root / "good.docx")
    good_pdf = to_pdf(STANDARD_BLOCKS, root / "good.pdf")
    good_xlsx = xlsx_file(root / "good.xlsx", long_table_rows(3))
    for src, error in (
        (good_docx, "not a readable Word document"),
        (good_xlsx, "not a readable Excel workbook"),
        (good_pdf, "PDF"),
    ):
        data = src.read_bytes()
        for frac in (0.1, 0.5, 0.9):
            name = f"cut{int(frac * 100)}{src.suffix}"
            cases.append(Case(name, add(name, data[: int(len(data) * frac)]), error=error))
    cases.append(Case("good.docx", good_docx, check=lambda d: _points(d) == STANDARD_POINTS))
    cases.append(Case("good.pdf", good_pdf, check=lambda d: _points(d) == STANDARD_POINTS))

    # Hostile archives and PDFs.
    cases.append(Case("bomb.docx", docx_zip_bomb(root / "bomb.docx"), error="unpack|uncompressed"))
    cases.append(Case("laughs.docx", docx_entity_expansion(root / "laughs.docx"), error="DOCTYPE|entit"))
    secret = add("secret.txt", "TOP-SECRET")
    cases.append(Case("xxe.docx", docx_external_entity(root / "xxe.docx", secret), error="DOCTYPE|entit"))
    cases.append(Case("laughs16.docx", docx_entities_in_utf16(root / "laughs16.docx"), error="DOCTYPE|entit"))
    cases.append(Case("entries.docx", docx_many_entries(root / "entries.docx"), error="parts|entries"))
    cases.append(Case("laughs.xlsx", xlsx_entity_expansion(root / "laughs.xlsx"), error="DOCTYPE|entit"))
    # Read from its cells, a sheet with a stray far cell costs nothing: it parses.
    cases.append(
        Case(
            "far.xlsx",
            xlsx_far_cell(root / "far.xlsx"),
            check=lambda d: _points(d) == [("1.1.1", "能使用HTML5。")],
        )
    )
    locked = to_pdf(STANDARD_BLOCKS, root / "locked.pdf", encrypt="secret")
    cases.append(Case("locked.pdf", locked, error="password-protected"))
    cases.append(Case("scan.pdf", scanned_pdf(root / "scan.pdf"), error="no text layer"))
    cases.append(Case("flate.pdf", pdf_flate_bomb(root / "flate.pdf"), error="memory|too long|limit|larger"))

    # Wrong extensions: the content decides.
    add("docx-named.pdf", good_docx.read_bytes())
    cases.append(
        Case("docx-named.pdf", root / "docx-named.pdf", check=lambda d: _points(d) == STANDARD_POINTS)
    )
    add("pdf-named.docx", good_pdf.read_bytes())
    cases.append(
        Case("pdf-named.docx", root / "pdf-named.docx", check=lambda d: _points(d) == STANDARD_POINTS)
    )
    add("xlsx-named.csv", good_xlsx.read_bytes())
    cases.append(Case("xlsx-named.csv", root / "xlsx-named.csv", check=lambda d: len(_points(d)) == 3))
    add("md-named.docx", STANDARD_MD)
    cases.append(Case("md-named.docx", root / "md-named.docx", check=lambda d: _points(d) == STANDARD_POINTS))
    add("old-word.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    cases.append(Case("old-word.docx", root / "old-word.docx", error="old Word format|password"))

    # Encodings.
    def syl_check(d) -> bool:
        return d.course == "Linux操作系统" and [u.title for u in d.units][:1] == ["项目一 Linux安装与配置"]

    for enc in ("gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"):
        cases.append(
            Case(
                f"syllabus-{enc}.txt", add(f"syllabus-{enc}.txt", SYLLABUS_TEXT.encode(enc)), check=syl_check
            )
        )
    rare = SYLLABUS_TEXT.replace(
        "能使用vi编辑配置文件", "能使用vi编辑配置文件䶮㐀"
    )  # CJK Ext-A: GB18030, not GBK
    cases.append(
        Case(
            "syllabus-gb18030-rare.txt",
            add("syllabus-gb18030-rare.txt", rare.encode("gb18030")),
            check=syl_check,
        )
    )
    lines = SYLLABUS_TEXT.splitlines(keepends=True)
    mixed = b"".join(ln.encode("utf-8" if i % 2 else "gbk") for i, ln in enumerate(lines))
    cases.append(
        Case(
            "syllabus-mixed.txt",
            add("syllabus-mixed.txt", mixed),
            check=lambda d: syl_check(d) and "掌握文件权限的设置方法" in d.units[1].items,
        )
    )
    cases.append(
        Case(
            "standard-gbk.csv",
            add("standard-gbk.csv", "\n".join(",".join(r) for r in long_table_rows(3)).encode("gbk")),
            check=lambda d: [p for p, _ in _points(d)] == ["1.1.1", "1.1.2", "1.1.3"],
        )
    )

    # Sizes.
    long_line = "# 课程标准\n\n" + "能" * 500_000 + "\n"
    cases.append(Case("long-line.md", add("long-line.md", long_line), error="long|characters"))
    md_10k = long_table_md(10_000)
    cases.append(Case("rows-10k.md", add("rows-10k.md", md_10k), check=lambda d: len(_points(d)) == 10_000))
    csv_10k = "\n".join(",".join(r) for r in long_table_rows(10_000))
    cases.append(
        Case("rows-10k.csv", add("rows-10k.csv", csv_10k), check=lambda d: len(_points(d)) == 10_000)
    )
    xlsx_10k = xlsx_file(root / "rows-10k.xlsx", long_table_rows(10_000))
    cases.append(Case("rows-10k.xlsx", xlsx_10k, check=lambda d: len(_points(d)) == 10_000))
    # A cell longer than csv's default field limit (128 KB).
    big_cell = "level,id,work_area,task,text\n初级,1.1.1,a,b," + "长" * 200_000 + "\n"
    cases.append(Case("big-cell.csv", add("big-cell.csv", big_cell), error="long|characters|field"))

    # Structure.
    cases.append(
        Case(
            "no-table.md",
            add("no-table.md", "# 网页设计职业技能等级标准\n\n本标准规定了网页设计的等级。\n"),
            kind="standard",
            error="no skill requirement table",
        )
    )
    dup = STANDARD_MD.replace("1.2.1 能使用Flex", "1.1.1 能使用Flex")
    cases.append(Case("duplicate-ids.md", add("duplicate-ids.md", dup), error="appears twice"))
    missing = (
        "level,id,work_area,task,text\n初级,1.1.1,a,b,能做甲。\n初级,,a,b,能做乙。\n初级,1.1.3,a,b,能做丙。\n"
    )
    cases.append(
        Case(
            "missing-ids.csv",
            add("missing-ids.csv", missing),
            check=lambda d: (
                [t for _, t in _points(d)] == ["能做甲。", "能做乙。", "能做丙。"]
                and len({p for p, _ in _points(d)}) == 3
            ),
        )
    )
    mixed_levels = (
        "level,id,work_area,task,text\n初级,1.1.1,a,b,能做甲。\n中级,1.1.1,a,b,能做乙。\n"
        "初级,1.1.2,a,b,能做丙。\n高级,1.1.1,a,b,能做丁。\n"
    )
    cases.append(
        Case(
            "mixed-levels.csv",
            add("mixed-levels.csv", mixed_levels),
            check=lambda d: (
                [(lv.name, len(lv.points)) for lv in d.levels] == [("初级", 2), ("中级", 1), ("高级", 1)]
            ),
        )
    )
    cases.append(Case("nul-text.md", add("nul-text.md", b"\x00" * 5000), error="binary data, not text"))
    return cases
