"""The page: ``build_app(settings) -> gr.Blocks``, and ``launch`` with the serve settings.

Layout: inputs (standard from the library or uploaded, level, the major's syllabi) → 开始分析 → results
tabs (覆盖概览, 覆盖矩阵, 缺口与建议, 依据, 委员会审核, 审核记录) and the report downloads. A hidden
``/align`` endpoint runs the same job for scripts and ``gradio_client``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import gradio as gr

from align.review.store import MAX_NOTE, MAX_REVIEWER
from align.settings import Settings
from align.ui.callbacks import ERROR_TITLE, INFO_TITLE, RESULTS, WARNING_TITLE, Callbacks
from align.ui.config import ServeSettings, serve_settings
from align.ui.drafts import Drafts, Typed
from align.ui.messages_zh import CLIENT_MESSAGES
from align.ui.service import MAX_SCOPE, Service
from align.ui.shaping import BAR_COLOURS

TITLE = "align · 书证融通覆盖分析"
INTRO = (
    "选择（或上传）职业技能等级标准，上传本专业的课程标准（可多选，或打包为 zip；"
    "请尽量上传全部课程：只传几门时，已讲授的要求更容易被判为部分覆盖或缺口），点击“开始分析”。"
    "结果给出各等级覆盖率、各工作领域覆盖情况、课程 × 工作领域矩阵、缺口与修订建议，以及每条要求的课程依据；"
    "专业建设委员会可在“委员会审核”中逐条确认或修改，审核意见会写入下载的报告；"
    "标有“建议复核”的要求判定把握较小，请优先审核（在要求列表中输入“建议复核”即可只看这些）。"
)
UPLOAD_TYPES = [".docx", ".pdf", ".xlsx", ".csv", ".md", ".txt", ".doc", ".wps", ".zip"]
DECISION_CHOICES = [
    ("确认计算结果", "confirm"),
    ("驳回（课程并未教授）", "reject"),
    ("修改状态", "change"),
    ("更换依据", "evidence"),
]
STATUS_CHOICES = [("覆盖", "covered"), ("部分覆盖", "partial"), ("缺口", "gap")]
CSS = """
.heatmap table { border-collapse: collapse; font-size: 14px; }
.heatmap th, .heatmap td { border: 1px solid #ddd; padding: 4px 8px; text-align: center; }
.heatmap th.area { text-align: left; white-space: nowrap; }
.heatmap th.course { writing-mode: vertical-rl; max-height: 12em; }
.heatmap .n, .heatmap .legend { color: #777; font-weight: normal; font-size: 12px; }
"""
# Fixed widths keep the long requirement and content columns readable (the table scrolls sideways).
GAP_WIDTHS = ["70px", "120px", "280px", "80px", "130px", "150px", "70px",
              "110px", "130px", "170px", "280px", "70px", "180px"]  # fmt: skip
EVIDENCE_WIDTHS = ["70px", "300px", "80px", "80px", "150px", "180px", "320px", "70px"]
FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"]
#: Gradio's copies of uploads and outputs: checked hourly, removed after a day (and at each start).
DELETE_CACHE = (3600, 86400)
#: The narrowest the requirement menu may be beside its button (px); on a narrower screen it takes the row.
POINT_MIN_WIDTH = 420
#: Events waiting in the queue at most; a flood of requests is refused rather than kept in memory.
MAX_QUEUE = 100


def lenient(menu: gr.Dropdown) -> gr.Dropdown:
    """``menu``, its value passed to the callbacks even when the server does not know its choices.

    Gradio checks a dropdown's value against the choices the server holds for the session before any
    callback runs, and refuses it with an English error that marks every output as failed. The
    review menus get their choices from a run, which a server restart forgets while the page still
    shows them: the callbacks, which check every value against the job anyway, then say so in Chinese
    and empty the menus. Only the first event after a restart needs this: Gradio answers any event by
    copying its outputs into the session (the copies check as usual), and that answer empties them.
    Not ``allow_custom_value``: in the browser it makes text typed to filter the menu (建议复核) its
    value. Not a subclass: Gradio writes a ``.pyi`` file beside the module of every component class.
    """
    check = menu.preprocess

    def preprocess(payload):
        try:
            return check(payload)
        except gr.Error:
            return payload

    menu.preprocess = preprocess
    return menu


def theme() -> gr.themes.Theme:
    # System fonts only: no web font is fetched from anywhere but this server.
    return gr.themes.Default(font=FONTS, font_mono=["Noto Sans Mono CJK SC", "monospace"])


#: Gradio 6 heads a notice with its kind in English ("Info"), whatever title the server gave it.
TOAST_TITLES = {"Info": INFO_TITLE, "Warning": WARNING_TITLE, "Error": ERROR_TITLE, "Success": "成功"}
#: Puts Gradio's own messages into Chinese where its notices show them (RULES: see below), and the
#: notices' titles (TITLES; only the text before the count "(2)" of a group of notices is changed).
CLIENT_MESSAGES_JS = """<script>(() => {
  const rules = RULES.map(([pattern, chinese]) => [new RegExp(pattern), chinese]);
  const titles = TITLES;
  const translate = (el) => {
    const text = el.textContent.trim();
    const rule = rules.find(([pattern]) => pattern.test(text));
    if (rule) el.textContent = text.replace(rule[0], rule[1]);
  };
  const retitle = (el) => {
    const first = el.firstChild;  // the title's own text; the page's script keeps the rest
    const chinese = first && first.nodeType === Node.TEXT_NODE && titles[first.nodeValue.trim()];
    if (chinese) first.nodeValue = chinese + " ";
  };
  // Notices come and go: look at each one as it appears (or as Gradio rewrites its title).
  const notices = () => {
    document.querySelectorAll('[data-testid="toast-text"]').forEach(translate);
    document.querySelectorAll('.toast-title').forEach(retitle);
  };
  new MutationObserver(notices).observe(
    document.documentElement, {childList: true, subtree: true, characterData: true}
  );
})();</script>"""


def client_messages_script(max_file_mb: int) -> str:
    """The ``<script>`` for the page's head: Gradio's browser client writes its upload refusals in
    English and no translation key reaches them (see :data:`CLIENT_MESSAGES`)."""
    rules = [(pattern, chinese.replace("{limit}", str(max_file_mb))) for pattern, chinese in CLIENT_MESSAGES]
    script = CLIENT_MESSAGES_JS.replace("TITLES", json.dumps(TOAST_TITLES, ensure_ascii=False))
    return script.replace("RULES", json.dumps(rules, ensure_ascii=False))


def limits_text(serve: ServeSettings) -> str:
    """The upload limits, said before a file is chosen (Gradio's own refusal comes after the wait)."""
    return f"每个文件不超过 {serve.max_file_mb} MB，一次最多 {serve.max_files} 个"


def _packer(components: dict[str, Any]) -> tuple[list[Any], Callable[[dict], tuple]]:
    """The output components, and a function turning a callback's dict into their values."""
    names = [n for n in RESULTS if n in components]

    def pack(values: dict) -> tuple:
        return tuple(values.get(n, gr.skip()) for n in names)

    return [components[n] for n in names], pack


def build_app(
    settings: Settings, serve: ServeSettings | None = None, service: Service | None = None
) -> gr.Blocks:
    """The page for ``settings``; ``service`` may be shared (tests pass their own)."""
    serve = serve or serve_settings(settings)
    service = service or Service(settings, serve)
    cb = Callbacks(service)
    library = cb.library_choices()

    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=DELETE_CACHE) as app:
        job = gr.State(None)
        drafts = gr.State(Drafts())  # review notes not saved yet, per point, for this session
        gr.Markdown(f"# {TITLE}\n{INTRO}")
        model_status = gr.Markdown(service.engine.status(), elem_id="model-status")
        with gr.Row():
            with gr.Column():
                gr.Markdown("### 1. 职业技能等级标准")
                library_dd = gr.Dropdown(
                    library, value="", label="从标准库选择", elem_id="library",
                    info="内置标准及以前上传的标准；只用上传的标准时，选“（不使用标准库）”",
                )  # fmt: skip
                std_files = gr.File(
                    label=f"或上传标准（上传后自动加入标准库；{limits_text(serve)}）", file_count="multiple",
                    file_types=UPLOAD_TYPES, type="filepath", elem_id="standard-upload", height=160,
                )  # fmt: skip
                level = gr.Dropdown(
                    [("全部等级", "")], value="", label="等级", allow_custom_value=True, elem_id="level"
                )
            with gr.Column():
                gr.Markdown("### 2. 本专业课程标准")
                syl_files = gr.File(
                    label=f"课程标准（可多选，或上传 zip；{limits_text(serve)}）", file_count="multiple",
                    file_types=UPLOAD_TYPES,
                    type="filepath", elem_id="syllabus-upload", height=250,
                )  # fmt: skip
                scope = gr.Textbox(
                    label="专业（审核意见按专业保存）", placeholder="留空：取课程标准中的“适用专业”",
                    elem_id="scope", max_length=MAX_SCOPE,
                )  # fmt: skip
        run_btn = gr.Button("开始分析", variant="primary", elem_id="run")
        problems = gr.Markdown(elem_id="problems")
        headline = gr.Markdown(elem_id="headline")
        view = lenient(gr.Dropdown([], label="查看等级", elem_id="view"))
        with gr.Tabs():
            with gr.Tab("覆盖概览", id="overview"):
                levels = gr.Dataframe(label="各等级覆盖率", interactive=False, elem_id="levels")
                bars = gr.BarPlot(
                    x="工作领域", y="条数", color="状态", color_map=BAR_COLOURS, sort=None,
                    label="各工作领域覆盖情况（条）", x_label_angle=-20, elem_id="bars",
                )  # fmt: skip
            with gr.Tab("覆盖矩阵", id="matrix"):
                heatmap = gr.HTML(elem_id="heatmap")
            with gr.Tab("缺口与建议", id="gaps"):
                gaps = gr.Dataframe(
                    interactive=False, wrap=True, elem_id="gaps", max_height=600, column_widths=GAP_WIDTHS
                )
            with gr.Tab("依据", id="evidence"):
                evidence = gr.Dataframe(
                    interactive=False, wrap=True, elem_id="evidence", max_height=600,
                    column_widths=EVIDENCE_WIDTHS,
                )  # fmt: skip
            with gr.Tab("委员会审核", id="review"):
                scope_md = gr.Textbox(label="审核范围（专业）", interactive=False, elem_id="scope-used")
                # The menu's labels are sentences: below POINT_MIN_WIDTH (a phone's 400 px) the menu takes
                # the whole row and 下一条建议复核 wraps below it, rather than both squeezed side by side.
                with gr.Row(equal_height=True, elem_id="point-row"):
                    point = lenient(
                        gr.Dropdown(
                            [], label="职业技能要求", elem_id="point", scale=6, min_width=POINT_MIN_WIDTH
                        )
                    )
                    next_btn = gr.Button("下一条建议复核", elem_id="next-check", scale=1, min_width=150)
                detail = gr.Markdown(elem_id="point-detail")
                with gr.Row():
                    decision = gr.Radio(
                        DECISION_CHOICES, value="confirm", label="审核结论", elem_id="decision"
                    )
                    status = gr.Radio(STATUS_CHOICES, label="审核后状态", elem_id="status")
                units = lenient(
                    gr.Dropdown(
                        [], multiselect=True, label="依据的课程单元（更换依据时选择）", elem_id="units"
                    )
                )
                with gr.Row():
                    reviewer = gr.Textbox(label="审核人", elem_id="reviewer", max_length=MAX_REVIEWER)
                    note = gr.Textbox(label="审核意见", lines=2, elem_id="note", max_length=MAX_NOTE)
                with gr.Row():
                    save_btn = gr.Button("保存审核意见", variant="primary", elem_id="save-review")
                    withdraw_btn = gr.Button("撤销审核意见", elem_id="withdraw-review")
                reviews = gr.Dataframe(
                    label="本等级审核情况", interactive=False, wrap=True, elem_id="reviews"
                )
                # After the flagged points are reviewed, the committee signs the standard for the major;
                # the sign-off goes into the downloads and lapses when a decision or a document changes.
                with gr.Accordion("委员会签署", open=True, elem_id="signoff-box"):
                    signoff = gr.Markdown(elem_id="signoff")
                    with gr.Row():
                        signer = gr.Textbox(label="签署人", elem_id="signer", max_length=MAX_REVIEWER)
                        signoff_note = gr.Textbox(
                            label="签署意见", elem_id="signoff-note", max_length=MAX_NOTE
                        )
                    sign_btn = gr.Button("签署本标准的审核结果", elem_id="sign")
            with gr.Tab("审核记录", id="audit"):
                stale = gr.Dataframe(
                    label="不再适用的审核意见（文件已修改，请复核）", interactive=False, wrap=True,
                    elem_id="stale",
                )  # fmt: skip
                audit = gr.Dataframe(label="修改记录", interactive=False, wrap=True, elem_id="audit")
        downloads = gr.File(label="下载报告", file_count="multiple", interactive=False, elem_id="downloads")

        components = {
            "job": job, "problems": problems, "headline": headline, "view": view, "levels": levels,
            "bars": bars, "heatmap": heatmap, "gaps": gaps, "evidence": evidence, "downloads": downloads,
            "point": point, "units": units, "reviews": reviews, "stale": stale, "audit": audit,
            "detail": detail, "scope": scope_md, "decision": decision, "status": status, "note": note,
            "drafts": drafts, "signoff": signoff,
        }  # fmt: skip
        outputs, pack = _packer(components)

        # What the review form holds, sent with every event that may change it: kept as a draft.
        typed = [decision, status, units, note]

        def run(std, lib, syl, lvl, scp, dr, d, s, u, n, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
            return pack(cb.run(std, lib, syl, lvl, scp, progress, dr, Typed(d, s, u, n)))

        def change_view(j, v, dr, d, s, u, n):
            return pack(cb.view(j, v, None, dr, Typed(d, s, u, n)))

        def save(j, v, p, d, s, u, r, n, dr, request: gr.Request):
            return pack(cb.save(j, v, p, d, s, u, r, n, request, dr))

        def withdraw(j, v, p, r, n, dr, d, s, u, request: gr.Request):
            return pack(cb.withdraw(j, v, p, r, n, request, dr, Typed(d, s, u, n)))

        def sign(j, v, p, who, n, dr, d, s, u, nt, request: gr.Request):
            return pack(cb.sign(j, v, p, who, n, request, dr, Typed(d, s, u, nt)))

        def levels_for(lib, std):
            return cb.levels_for(lib, std)

        def refresh_library(lib):
            choices = cb.library_choices()
            return gr.update(choices=choices, value=lib if lib in {v for _, v in choices} else "")

        def model_tick():
            waiting = not service.engine.loaded and not service.engine.error
            return service.engine.status(), gr.Timer(active=waiting)

        library_dd.change(levels_for, [library_dd, std_files], level, api_visibility="private")
        std_files.change(levels_for, [library_dd, std_files], level, api_visibility="private")
        run_btn.click(
            run, [std_files, library_dd, syl_files, level, scope, drafts, *typed], outputs,
            api_visibility="private", concurrency_id="job", concurrency_limit=1,
        ).then(refresh_library, library_dd, library_dd, api_visibility="private")  # fmt: skip

        def select_point(j, p, dr, d, s, u, n):
            return pack(cb.select_point(j, p, dr, Typed(d, s, u, n)))

        # The review tab's events take turns in the order they were sent, so a save is stored before the
        # next point is drawn. A point is drawn on .select, not .input: the menu also sends "input" when
        # it loses focus (as when 下一条建议复核 is clicked), and that redraw of the menu's old point
        # could finish last and show a point other than the menu's.
        in_turn = {"api_visibility": "private", "concurrency_id": "review", "concurrency_limit": 1}
        view.input(change_view, [job, view, drafts, *typed], outputs, **in_turn)
        point.select(select_point, [job, point, drafts, *typed], outputs, **in_turn)

        def next_check(j, v, p, dr, d, s, u, n):
            return pack(cb.next_to_check(j, v, p, dr, Typed(d, s, u, n)))

        def decision_changed(j, p, d, s):
            return pack(cb.decision_changed(j, p, d, s))

        next_btn.click(next_check, [job, view, point, drafts, *typed], outputs, **in_turn)
        sign_btn.click(sign, [job, view, point, signer, signoff_note, drafts, *typed], outputs, **in_turn)
        decision.input(decision_changed, [job, point, decision, status], outputs, **in_turn)
        form = [job, view, point, decision, status, units, reviewer, note, drafts]
        save_btn.click(save, form, outputs, **in_turn)
        withdraw_btn.click(
            withdraw, [job, view, point, reviewer, note, drafts, decision, status, units], outputs, **in_turn
        )

        def signed_in(request: gr.Request):
            # With a password set, reviewers are the people who signed in.
            return request.username if request and request.username else gr.skip()

        app.load(refresh_library, library_dd, library_dd, api_visibility="private")
        app.load(signed_in, None, reviewer, api_visibility="private")
        timer = gr.Timer(2.0, active=not service.engine.loaded)
        timer.tick(model_tick, None, [model_status, timer], api_visibility="private", show_progress="hidden")

        # The same job for scripts: gradio_client.Client(url).predict(stds, syls, "", api_name="/align").
        with gr.Column(visible=False):
            api_std = gr.File(file_count="multiple", type="filepath")
            api_syl = gr.File(file_count="multiple", type="filepath")
            api_level = gr.Textbox()
            api_out = gr.File()
            api_btn = gr.Button()
        api_btn.click(
            cb.api_align, [api_std, api_syl, api_level], api_out, api_name="align",
            concurrency_id="job", concurrency_limit=1,
        )  # fmt: skip
    app.align_service = service  # for launch() and tests
    return app


def launch(app: gr.Blocks, serve: ServeSettings, block: bool = True, quiet: bool = False):
    """Start the server on ``serve.host``/``serve.port``, then load the model in the background."""
    import sys

    service: Service = app.align_service
    service.prune_runs()
    if warning := serve.exposure_warning():
        print(warning, file=sys.stderr)
    app.queue(default_concurrency_limit=4, max_size=MAX_QUEUE)
    result = app.launch(
        server_name=serve.host,
        server_port=serve.port,
        auth=serve.auth,
        max_file_size=f"{serve.max_file_mb}mb",
        allowed_paths=[str(serve.runs_dir.resolve())],
        # Not allowed anyway; blocked too, in case someone widens allowed_paths.
        blocked_paths=[str(serve.library_dir.resolve())]
        + [str(serve.data_dir.resolve() / f"review.db{suffix}") for suffix in ("", "-wal", "-shm")],
        ssl_certfile=str(serve.ssl_certfile) if serve.ssl_certfile else None,
        ssl_keyfile=str(serve.ssl_keyfile) if serve.ssl_keyfile else None,
        # Only Gradio's request to itself at start-up checks this: a campus certificate is often
        # self-signed or from the college's own authority.
        ssl_verify=False,
        prevent_thread_lock=True,
        share=False,
        inbrowser=False,
        quiet=quiet,
        show_error=True,
        enable_monitoring=False,
        mcp_server=False,
        ssr_mode=False,
        run_history=False,
        footer_links=["api"],
        theme=theme(),
        css=CSS,
        head=client_messages_script(serve.max_file_mb),
    )
    service.engine.warm_up()
    if block:
        app.block_thread()
    return result
