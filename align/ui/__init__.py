"""The web page: pure shaping of tables and charts, the job service, and the Gradio callbacks.

``align.ui.page.build_app`` builds the page; only ``page`` and ``callbacks`` import Gradio.
"""
