"""Why a file cannot be read, and other errors, in Chinese on the page (align.ui.messages_zh).

Every problem, hint and location a ``ParseError`` in align can carry is read from the source and
must come out in Chinese, so an English message added later without a translation fails here; so must
every message of the other errors that can reach the page (the model, a level, the library, review).
The bad inputs of the hardening tests and a missing model must read as Chinese on the page; values
must survive; text no rule knows must pass unchanged.
"""

from __future__ import annotations

import ast
import itertools
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

import align
from align.errors import ConfigError, ParseError
from align.parse import ParseLimits, parse_file
from align.settings import Settings
from align.ui.callbacks import Callbacks
from align.ui.config import ServeSettings
from align.ui.messages_zh import MESSAGES, PHRASES, message_to_chinese, to_chinese
from align.ui.service import Service, problem_text
from tests.badinput import STANDARD_MD, SYLLABUS_TEXT, make_corpus
from tests.parse_docgen import scanned_pdf
from tests.ui_docs import write_inputs

ALIGN = Path(align.__file__).parent
HANZI = re.compile(r"[\u4e00-\u9fff]")
#: English left in a translation: four words in a row (a file name, a setting or a list of column
#: names like ``level,id,work_area`` is one word), or a word only a sentence has (“而是 a zip”) —
#: not a part of a command-line flag or a path (``--no-cache``, ``no-model/``), which are kept.
FOUR_WORDS = r"[A-Za-z]+(?:[,'-]?\s+[A-Za-z]+){3,}"
ENGLISH_LEFT = re.compile(
    FOUR_WORDS + r"|(?<![-/\w])(?:a|an|the|is|are|not|no|but|or|and|of|in|to|it|than|with)(?![-/\w])"
)
#: Enough combinations of the phrases one message may carry; more would only repeat them.
MAX_SAMPLES = 300


# -- the texts of every ParseError, read from the source ------------------------------------------
@dataclass(frozen=True)
class Sample:
    """One text a ``ParseError`` can carry, and the values filled into it (kept as they are)."""

    text: str
    values: tuple[str, ...] = ()


def _plausible(expr: ast.expr, spec: str) -> str:
    """A value like the ones the expression takes (a size, an exception name, a file name…)."""
    source = ast.unparse(expr)
    if spec:
        return format(2048.0 if "f" in spec else 2048, spec)
    for words, value in (
        ("__name__", "BadZipFile"),
        ("exitcode", "-9"),
        ("suffix", ".wps"),
        ("ext", ".rtf"),
        ("filename", "word/document.xml"),
        ("bad", "word/document.xml"),
        ("title", "初级"),
        ("level", "初级"),
        ("point.id", "1.1.1"),
        ("unknown", "grade"),
        ("known", "cumulative, majors, name, occupations"),
        ("key", "majors"),
        ("exc", "Expected '=' after a key in a key/value pair (at line 3, column 7)"),
        ("name", "xl/worksheets/sheet1.xml"),
    ):
        if words in source:
            return value
    return "3"  # a page, line, table or row number


def _value(expr: ast.expr, spec: str) -> Sample:
    value = _plausible(expr, spec)
    return Sample(value, (value,))


class Source:
    """The modules of align, and what a text expression in them can evaluate to."""

    def __init__(self, root: Path) -> None:
        self.trees = {
            path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(root.rglob("*.py"))
        }
        self.parents: dict[ast.AST, ast.AST] = {}
        self.module_of: dict[ast.AST, ast.Module] = {}
        self._calls: dict[str, list[ast.Call]] = {}
        self._functions: dict[tuple[int, str], list[ast.FunctionDef]] = {}
        for tree in self.trees.values():
            for node in ast.walk(tree):
                self.module_of[node] = tree
                for child in ast.iter_child_nodes(node):
                    self.parents[child] = node
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                    self._calls.setdefault(name, []).append(node)
                elif isinstance(node, ast.FunctionDef):
                    self._functions.setdefault((id(tree), node.name), []).append(node)

    def calls(self, name: str) -> list[ast.Call]:
        """Every call of the function or method ``name``, across align."""
        return self._calls.get(name, [])

    def functions(self, module: ast.Module, name: str) -> list[ast.FunctionDef]:
        return self._functions.get((id(module), name), [])

    def where(self, node: ast.AST) -> str:
        path = next(p for p, t in self.trees.items() if t is self.module_of[node])
        return f"{path.relative_to(ALIGN.parent)}:{node.lineno}"

    def scope(self, node: ast.AST) -> ast.AST:
        while node in self.parents and not isinstance(node, ast.FunctionDef):
            node = self.parents[node]
        return node

    # The evaluator: the texts an expression can be, or None when it does not say.
    def samples(self, expr: ast.AST, depth: int = 0) -> list[Sample] | None:
        if depth > 10:
            return None

        def step(inner: ast.AST) -> list[Sample] | None:
            return self.samples(inner, depth + 1)

        if isinstance(expr, ast.Constant):
            return [Sample(expr.value)] if isinstance(expr.value, str) else None
        if isinstance(expr, ast.JoinedStr):
            return self._joined(expr, depth + 1)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return _product([step(expr.left), step(expr.right)])
        if isinstance(expr, ast.BoolOp | ast.IfExp):
            options = [expr.body, expr.orelse] if isinstance(expr, ast.IfExp) else expr.values
            # An operand that does not say (``path.suffix or "a supported format"``) takes a value.
            return [s for o in options for s in (step(o) or [_value(o, "")])]
        if isinstance(expr, ast.Name):
            return self._name(expr, depth + 1)
        if isinstance(expr, ast.Call):
            return self._call(expr, depth + 1)
        return None

    def _joined(self, expr: ast.JoinedStr, depth: int) -> list[Sample]:
        parts = []
        for part in expr.values:
            if isinstance(part, ast.Constant):
                parts.append([Sample(part.value)])
                continue
            spec = ast.unparse(part.format_spec)[2:-1] if part.format_spec else ""
            found = None if spec else self.samples(part.value, depth)
            parts.append(found or [_value(part.value, spec)])
        return _product(parts)

    def _name(self, name: ast.Name, depth: int) -> list[Sample] | None:
        scope = self.scope(name)
        found = self._assigned(scope, name.id, depth)
        if found is None and isinstance(scope, ast.FunctionDef):
            params = [a.arg for a in scope.args.args + scope.args.kwonlyargs]
            if name.id in params:
                return self._arguments(scope, name.id, depth)
            found = self._assigned(self.module_of[name], name.id, depth, top_only=True)
        return found

    def _assigned(self, scope: ast.AST, name: str, depth: int, top_only: bool = False) -> list[Sample] | None:
        nodes = scope.body if top_only else ast.walk(scope)
        found: list[Sample] | None = None
        for node in nodes:
            if not isinstance(node, ast.Assign):
                continue
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    # Not a text (``name = type(inner).__name__``): a value like the ones it takes.
                    more = self.samples(node.value, depth) or [_value(node.value, "")]
                elif isinstance(target, ast.Tuple) and name in [getattr(e, "id", None) for e in target.elts]:
                    index = [getattr(e, "id", None) for e in target.elts].index(name)
                    more = self._unpacked(node.value, index, depth)
                else:
                    continue
                if more is not None:
                    found = (found or []) + more
        return found

    def _unpacked(self, value: ast.AST, index: int, depth: int) -> list[Sample] | None:
        """``a, b = TABLE[key]``: the ``index``-th item of each of the table's tuples."""
        table = self._dict(value.value) if isinstance(value, ast.Subscript) else None
        if table is None:
            return None
        items = [v.elts[index] for v in table.values if isinstance(v, ast.Tuple)]
        return [s for item in items for s in (self.samples(item, depth) or [])] or None

    def _arguments(self, function: ast.FunctionDef, param: str, depth: int) -> list[Sample] | None:
        """What the callers of ``function`` pass as ``param``."""
        params = [a.arg for a in function.args.args]
        position = params.index(param) - (params[:1] == ["self"]) if param in params else None
        found: list[Sample] = []
        for call in self.calls(function.name):
            given = next((k.value for k in call.keywords if k.arg == param), None)
            if given is None and position is not None and position < len(call.args):
                given = call.args[position]
            if given is not None:
                found += self.samples(given, depth) or []
        return found or None

    def _dict(self, expr: ast.AST) -> ast.Dict | None:
        """The table a name stands for (``hints`` in its function, ``_LABELS`` in its module)."""
        if isinstance(expr, ast.Dict) or not isinstance(expr, ast.Name):
            return expr if isinstance(expr, ast.Dict) else None
        scope = self.scope(expr)
        local = ast.walk(scope) if isinstance(scope, ast.FunctionDef) else iter(())
        for node in itertools.chain(local, self.module_of[expr].body):
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == expr.id for t in targets):
                    return self._dict(node.value)
        return None

    def _call(self, call: ast.Call, depth: int) -> list[Sample] | None:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            templates = self.samples(func.value, depth) or []
            fills = {k.arg: self.samples(k.value, depth) or [_value(k.value, "")] for k in call.keywords}
            found = []
            for template, *combo in itertools.product(templates, *fills.values()):
                text = template.text.format(**dict(zip(fills, (s.text for s in combo), strict=True)))
                found.append(Sample(text, template.values + tuple(v for s in combo for v in s.values)))
            return found or None
        if isinstance(func, ast.Attribute) and func.attr == "get":
            table = self._dict(func.value)
            if table is None:
                return None
            found = [s for v in table.values for s in (self.samples(v, depth) or [])]
            if len(call.args) > 1:
                found += self.samples(call.args[1], depth) or []
            return found or None
        if isinstance(func, ast.Name):
            local = self.functions(self.module_of[call], func.id)
            returns = [r.value for f in local for r in ast.walk(f) if isinstance(r, ast.Return) and r.value]
            found = [s for r in returns for s in (self.samples(r, depth) or []) if s.text]
            return found or None
        return None


def _product(parts: list[list[Sample] | None]) -> list[Sample] | None:
    if any(p is None for p in parts):
        return None
    unique = [list(dict.fromkeys(p)) for p in parts]  # type: ignore[arg-type]
    combos = itertools.islice(itertools.product(*unique), MAX_SAMPLES)
    return [Sample("".join(s.text for s in c), tuple(v for s in c for v in s.values)) for c in combos]


_ARGUMENTS = {"problem": 1, "hint": 2, "location": 3}


def parse_error_texts() -> list[tuple[str, str, list[Sample] | None]]:
    """(where, which argument, its samples) for every problem, hint and location given to ParseError."""
    source = Source(ALIGN)
    out = []
    for call in source.calls("ParseError"):
        if any(isinstance(a, ast.Starred) for a in call.args):
            continue  # rebuilt from a ParseError's own parts (a reader process's answer)
        given = {k.arg: k.value for k in call.keywords}
        for which, position in _ARGUMENTS.items():
            expr = given.get(which) or (call.args[position] if position < len(call.args) else None)
            if expr is None or isinstance(expr, ast.Attribute):
                continue  # absent, or another ParseError's text passed on
            samples = source.samples(expr)
            texts = list(dict.fromkeys(s for s in samples if s.text)) if samples is not None else None
            out.append((source.where(call), which, texts))
    return out


def _untranslated(sample: Sample) -> str | None:
    """Why ``sample`` does not come out in Chinese (None when it does, or was written in Chinese)."""
    chinese = to_chinese(sample.text)
    if chinese == sample.text and not HANZI.search(chinese):
        return "no rule matches"
    if not HANZI.search(chinese):
        return f"no Chinese in {chinese!r}"
    rest = chinese
    for value in sorted(sample.values, key=len, reverse=True):  # "3" is also in "at line 3, column 7"
        rest = rest.replace(value, " ")
    run = ENGLISH_LEFT.search(rest)
    return f"English left in {chinese!r}: {run[0]!r}" if run else None


def test_every_parse_error_text_in_align_has_a_chinese_translation():
    texts = parse_error_texts()
    # All of align's ParseError(...) calls are read (about 50, each with a problem and most with a hint).
    assert len({where for where, _, _ in texts}) >= 45
    failures = []
    count = 0
    for where, which, samples in texts:
        if samples is None:
            failures.append(f"{where} {which}: cannot tell its text; teach this test's evaluator the form")
            continue
        for sample in samples:
            count += 1
            why = _untranslated(sample)
            if why:
                failures.append(f"{where} {which}: {sample.text!r}: {why}")
    assert count >= 150, count  # the phrases inside messages (what was too large…) are combined in
    assert not failures, "\n".join(dict.fromkeys(failures))


# -- the other errors that can reach the page ------------------------------------------------------
#: The modules whose errors can reach the page, and which of their errors do. The model, its
#: calibration and the embedding cache are loaded by ``Engine.encoder()`` when an analysis starts
#: (the error box) or the page opens (the model's status line); a level typed into 等级 is looked up
#: by coverage; the standards library and committee review are the page's own. Left out: errors met
#: only before the page exists (the settings file, [serve], [parse], opening the review database,
#: all printed by the CLI) and the service's JobError, written in Chinese from translated problems.
PAGE_ERRORS = {
    "align/encode/base.py": {"ConfigError"},
    "align/encode/cache.py": {"ConfigError"},
    "align/encode/sentence_transformer.py": {"ModelError"},
    "align/match/models.py": {"ModelError"},
    "align/match/calibration.py": {"ModelError"},
    "align/coverage.py": {"ConfigError"},
    "align/text.py": {"ConfigError"},  # a domain lexicon, loaded with the model
    "align/ui/library.py": {"AlignError", "ConfigError"},
    "align/review/decide.py": {"ReviewError"},
    "align/review/store.py": {"ReviewError"},  # its AlignError: the database cannot be opened, at start
}


def page_error_texts() -> list[tuple[str, list[Sample] | None]]:
    """(where, its samples) for the message of every error in :data:`PAGE_ERRORS`."""
    source = Source(ALIGN)
    out = []
    for name in sorted({n for names in PAGE_ERRORS.values() for n in names}):
        for call in source.calls(name):
            where = source.where(call)
            if name not in PAGE_ERRORS.get(where.rpartition(":")[0], ()) or not call.args:
                continue
            samples = source.samples(call.args[0])
            out.append((where, list(dict.fromkeys(s for s in samples if s.text)) if samples else None))
    return out


def test_every_error_that_can_reach_the_page_has_a_chinese_translation():
    texts = page_error_texts()
    # Every listed module still raises what it is listed for (a moved error must be listed again).
    assert {where.rpartition(":")[0] for where, _ in texts} == set(PAGE_ERRORS)
    assert len(texts) >= 25
    failures = []
    for where, samples in texts:
        if samples is None:
            failures.append(f"{where}: cannot tell its text; teach this test's evaluator the form")
            continue
        failures += [f"{where}: {s.text!r}: {why}" for s in samples if (why := _untranslated(s))]
    assert not failures, "\n".join(dict.fromkeys(failures))


def test_a_page_message_keeps_its_values_and_is_translated_line_by_line():
    missing = "no model folder ~/models/bge here, and no model 'BAAI/bge-small-zh-v1.5' in the local "
    missing += "Hugging Face cache (align never downloads models) — give the folder of a local "
    missing += "sentence-transformers model, or on a machine with internet run 'huggingface-cli download "
    missing += "BAAI/bge-small-zh-v1.5 --local-dir DIR', copy DIR here and pass --model DIR"
    chinese = to_chinese(missing)
    assert (
        "~/models/bge" in chinese
        and "huggingface-cli download BAAI/bge-small-zh-v1.5 --local-dir DIR" in chinese
    )
    stale = to_chinese(
        "/m/calibration.json: the 'hybrid,w=0.5' calibration was fitted for model st-1, but the model is "
        "now st-2 — refit it with 'align calibrate --method hybrid --model default', or set calibrated = "
        "false under [match] to decide with plain thresholds"
    )
    assert stale.startswith("/m/calibration.json：校准（hybrid,w=0.5）是为模型 st-1 拟合的")
    assert "align calibrate --method hybrid --model default" in stale and "calibrated = false" in stale
    level = "标准.md: level '高级' not found in Web前端开发职业技能等级标准; its levels are: 初级、中级"
    assert (
        to_chinese(level)
        == "标准.md：“Web前端开发职业技能等级标准”中没有“高级”这一等级；可选的等级：初级、中级"
    )
    lexicon = (
        "lexicon /srv/align/词典.txt cannot be read (No such file or directory) — fix the lexicons "
        "path in the settings file, or save the lexicon as UTF-8 text"
    )
    assert to_chinese(lexicon).startswith("无法读取领域词表 /srv/align/词典.txt（")
    assert (
        to_chinese("decision 12 does not exist (it may have been withdrawn)")
        == "审核意见 #12 已不存在（可能已被撤销）"
    )
    assert to_chinese("请选择审核后的状态 (status must be one of covered, partial, gap)") == (
        "请选择审核后状态（覆盖、部分覆盖或缺口）"
    )
    # A message of several lines (the problems of every file) is translated line by line.
    assert message_to_chinese("没有可用的课程标准：请上传。\na.md：the file is empty") == (
        "没有可用的课程标准：请上传。\na.md：the file is empty"
    )
    assert message_to_chinese("first line\nthe file is empty") == "first line\n文件是空的"


def test_a_missing_model_is_explained_in_chinese_after_a_run(tmp_path, caplog):
    # The whole way a failed run takes to the page: the callback, the error box, its toast and the
    # model's status line. The page names the model's folder, not where it is on the server; the
    # server's log keeps the whole path for the administrator.
    missing = tmp_path / "no-model"
    settings = replace(Settings(), cache_dir=None).with_match(
        model=str(missing), method="dense", clauses=False
    )
    service = Service(settings, ServeSettings(data_dir=tmp_path / "data"))
    try:
        std, syllabi = write_inputs(tmp_path / "in", bad=False)
        with pytest.warns(UserWarning) as toasts:  # gr.Warning, outside a server
            out = Callbacks(service).run([str(std)], None, [str(p) for p in syllabi], "", "")
        shown = [out["problems"], str(toasts[-1].message), service.engine.status()]
    finally:
        service.store.close()
    assert "找不到模型文件夹" in out["problems"] and out["job"] is None  # earlier results cleared
    for message in shown:
        assert str(missing) not in message and str(tmp_path) not in message
        assert missing.name in message  # the folder's name is enough to tell which model
        rest = message.replace(missing.name, " ")
        assert HANZI.search(rest) and not re.search(FOUR_WORDS, rest), message
    assert str(missing) in caplog.text


def test_locations_of_parse_errors_are_translated():
    # Locations also reach ParseError through helpers (too_large, a standard's rows).
    for location, chinese in [
        ("page 3", "第 3 页"),
        ("line 12", "第 12 行"),
        ("table 2", "第 2 个表格"),
        ("table 1, row 3", "第 1 个表格第 3 行"),
    ]:
        assert to_chinese(location) == chinese


# -- real bad inputs, through the page ------------------------------------------------------------
IN_PROCESS = ParseLimits(isolate=False)  # the isolated reader passes on the same ParseError, slower


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    cases = [(c.path, c.kind) for c in make_corpus(root) if c.error]
    # What the page meets besides: a web page, plain English text and noise with document names.
    (root / "网页.docx").write_text("<html><body>课程</body></html>", encoding="utf-8")
    (root / "notes.pdf").write_text("just some notes, nothing more", encoding="utf-8")
    (root / "乱码.pdf").write_bytes(bytes(range(256)) * 40)
    (root / "空白.md").write_text("# 标题\n", encoding="utf-8")
    cases += [(root / "网页.docx", None), (root / "notes.pdf", None), (root / "乱码.pdf", None)]
    cases += [(root / "空白.md", "syllabus"), (root / "空白.md", "standard")]
    return cases


def test_the_page_says_in_chinese_why_each_bad_input_cannot_be_read(bad_inputs):
    failures = []
    for path, kind in bad_inputs:
        with pytest.raises(ParseError) as caught:
            parse_file(path, kind=kind, limits=IN_PROCESS)
        message = problem_text(caught.value, str(path))
        run = ENGLISH_LEFT.search(message)
        if not HANZI.search(message) or run:
            failures.append(f"{path.name}: {message}")
        assert str(path.parent) not in message
    assert not failures, "\n".join(failures)


def test_a_scanned_pdf_among_the_uploads_is_explained_in_chinese(tmp_path):
    fast = replace(Settings(), cache_dir=None).with_match(model="tfidf", method="dense", clauses=False)
    service = Service(fast, ServeSettings(data_dir=tmp_path / "data"))
    try:
        (tmp_path / "标准.md").write_text(STANDARD_MD, encoding="utf-8")
        (tmp_path / "Linux.txt").write_text(SYLLABUS_TEXT, encoding="utf-8")
        scan = scanned_pdf(tmp_path / "扫描.pdf")
        gathered = service.gather(
            [tmp_path / "标准.md"], [], [tmp_path / "Linux.txt", scan], tmp_path / "work"
        )
    finally:
        service.store.close()
    assert [s.course for s in gathered.syllabi] == ["Linux操作系统"]
    assert dict(gathered.problems)["扫描.pdf"] == (
        "这份 PDF 没有文字层（是扫描件）。请上传 Word 原件，或先做文字识别（OCR）另存为可搜索的 PDF"
    )


# -- what passes through, and what survives --------------------------------------------------------
def test_text_no_rule_knows_is_returned_unchanged():
    for text in ["a message written after this table", "模型加载失败", "", "the file is empty, twice"]:
        assert to_chinese(text) == text
    error = ParseError("x.docx", "something new went wrong", "try something new")
    assert problem_text(error, "x.docx") == "something new went wrong。try something new"
    # Other errors are not parse errors: the page shows them as they are, without the file's path.
    assert problem_text(ConfigError("/tmp/u/x.md: bad setting"), "/tmp/u/x.md") == "bad setting"


def test_values_survive_the_translation():
    limit = to_chinese("the file size in MB is 250 (the limit is 200)")
    assert limit == "文件大小（MB）为 250，超过了上限 200"
    assert "max_file_mb" in to_chinese(
        "split the document, or raise max_file_mb in the [parse] table of the settings file"
    )
    assert to_chinese("unsupported file type .rtf") == "不支持的文件类型 .rtf"
    assert to_chinese("old .WPS format cannot be read directly") == "无法直接读取旧版 .WPS 格式"
    assert "BadZipFile" in to_chinese("not a readable Excel workbook (BadZipFile)")
    assert "1,048,576 行 × 16,384 列" in to_chinese(
        "the number of cells of the table in sheet 初级 (1,048,576 rows × 16,384 columns) is 17,179,869,184 "
        "(the limit is 500,000)"
    )
    assert "131072" in to_chinese("not a readable CSV table (field larger than field limit (131072))")
    message = problem_text(
        ParseError("/tmp/a.pdf", "the number of pages is 612 (the limit is 500)"), "/tmp/a.pdf"
    )
    assert message == "页数为 612，超过了上限 500"


def test_rules_are_whole_texts_and_compile():
    # Each rule matches a whole text: a rule for "the file is empty" must not eat a longer message.
    assert all(p.pattern and t for p, t in MESSAGES + PHRASES)
    assert to_chinese("the file is empty") == "文件是空的"
    assert to_chinese("  the file is empty ") == "文件是空的"
