"""The encoder seam: every matcher turns texts into vectors through :class:`Encoder`."""

from align.encode.base import Encoder, make_encoder

__all__ = ["Encoder", "make_encoder"]
