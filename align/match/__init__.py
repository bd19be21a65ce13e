"""Matching: from skill points and course content items to a status and evidence per point."""

from align.match.engine import Thresholds, match_points
from align.match.models import resolve_encoder, thresholds_for

__all__ = ["Thresholds", "match_points", "resolve_encoder", "thresholds_for"]
