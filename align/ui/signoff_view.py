"""What the review tab says about the committee's sign-off of the standard in view."""

from __future__ import annotations

from html import escape

from align.documents import StandardCoverage
from align.report.tables import signoff_text
from align.review.signoff import unsettled


def signoff_markdown(sc: StandardCoverage) -> str:
    """Signed and still current, signed but changed since, or not signed and what is left to do."""
    name = escape(sc.standard.name)
    if sc.signoff and sc.signoff.get("current"):
        return f"✅ **{name} 已签署**：{escape(signoff_text(sc.signoff))}"
    if sc.signoff:
        return f"⚠ **{name} 需要重新签署**：{escape(signoff_text(sc.signoff))}"
    left = unsettled(sc)
    if left:
        return f"**{name} 尚未签署。** 签署前需要处理：" + "；".join(escape(w) for w in left) + "。"
    return f"**{name} 尚未签署。** 需要复核的要求都已审核，委员会可以签署。"
