"""Matching: from skill points and course content items to a status and evidence per point."""

from align.match.engine import MatchConfig, Thresholds, match_points
from align.match.models import decider_for, match_config, resolve_encoder

__all__ = ["MatchConfig", "Thresholds", "decider_for", "match_config", "match_points", "resolve_encoder"]
