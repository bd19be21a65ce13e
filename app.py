"""The align web page: upload a standard and a major's syllabi, get the coverage report.

``python app.py`` starts it on 127.0.0.1. Nothing heavy happens at import: the page is built by
:func:`build_app`, and the model loads on the first run.
"""

from __future__ import annotations

import os

# Set before gradio or huggingface_hub are imported: nothing may phone home.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from align.settings import Settings, load_settings  # noqa: E402


def run_alignment(standard_files, syllabus_files, level: str, settings: Settings):
    """Callback body: parse the uploads, match, write the reports; return (summary, report paths)."""
    from align.errors import AlignError
    from align.parse import load_documents
    from align.pipeline import align_documents
    from align.report import write_reports
    from align.report.summary import summary_lines

    import gradio as gr

    if not standard_files or not syllabus_files:
        raise gr.Error("请同时上传职业技能等级标准和至少一份课程标准。")
    try:
        standards = load_documents([Path(f) for f in standard_files], kind="standard")
        syllabi = load_documents([Path(f) for f in syllabus_files], kind="syllabus")
        report = align_documents(standards, syllabi, settings, level=level.strip() or None)
    except AlignError as exc:
        raise gr.Error(str(exc)) from None
    out = Path(tempfile.mkdtemp(prefix="align-"))
    written = write_reports(report, out)
    summary = "\n".join(f"    {line}" for line in summary_lines(report))
    return summary, [str(p) for p in written.values()]


def build_app(settings: Settings):
    import gradio as gr

    with gr.Blocks(title="align · 书证融通覆盖分析") as app:
        gr.Markdown("# align · 书证融通覆盖分析\n上传职业技能等级标准与本专业课程标准，查看覆盖情况与缺口。")
        with gr.Row():
            standard = gr.File(label="职业技能等级标准", file_count="multiple", type="filepath")
            syllabi = gr.File(label="课程标准（可多选）", file_count="multiple", type="filepath")
        level = gr.Textbox(label="等级（如 初级、中级；留空为全部等级）")
        run = gr.Button("开始分析", variant="primary")
        summary = gr.Markdown()
        reports = gr.File(label="报告下载", file_count="multiple")
        run.click(
            lambda a, b, c: run_alignment(a, b, c, settings),
            [standard, syllabi, level],
            [summary, reports],
            api_name="align",
        )
    return app


def main() -> None:
    settings = load_settings(Path(os.environ["ALIGN_CONFIG"]) if os.environ.get("ALIGN_CONFIG") else None)
    build_app(settings).launch(server_name="127.0.0.1")


if __name__ == "__main__":
    main()
