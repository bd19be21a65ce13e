"""align: measure how well a major's courses cover a vocational skill certificate standard."""

__version__ = "0.1.0"
