"""JSON Schemas of the shapes fixed by shared/spec/CONTRACT.md (extra fields are allowed)."""

from __future__ import annotations

import jsonschema

_STR = {"type": "string"}
_NUM = {"type": "number"}

EVIDENCE = {
    "type": "object",
    "required": ["course", "unit", "text", "score"],
    "properties": {"course": _STR, "unit": _STR, "text": _STR, "score": _NUM},
}
REPORT_POINT = {
    "type": "object",
    "required": ["id", "text", "work_area", "task", "status", "score", "evidence"],
    "properties": {
        "id": _STR,
        "text": _STR,
        "work_area": _STR,
        "task": _STR,
        "score": _NUM,
        "status": {"enum": ["covered", "partial", "gap"]},
        "evidence": {"type": "array", "items": EVIDENCE},
    },
}
REPORT = {
    "type": "object",
    "required": ["schema", "model", "standards", "courses"],
    "properties": {
        "schema": {"const": "align.report/1"},
        "model": {
            "type": "object",
            "required": ["name", "version"],
            "properties": {"name": _STR, "version": _STR},
        },
        "standards": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "source", "levels"],
                "properties": {
                    "name": _STR,
                    "source": _STR,
                    "levels": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["level", "coverage", "counts", "points"],
                            "properties": {
                                "level": _STR,
                                "coverage": {"type": "number", "minimum": 0, "maximum": 1},
                                "counts": {
                                    "type": "object",
                                    "required": ["covered", "partial", "gap"],
                                    "properties": {
                                        k: {"type": "integer"} for k in ("covered", "partial", "gap")
                                    },
                                },
                                "points": {"type": "array", "items": REPORT_POINT},
                            },
                        },
                    },
                },
            },
        },
        "courses": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["course", "source", "units", "hours"],
                "properties": {"course": _STR, "source": _STR, "units": {"type": "integer"}, "hours": _NUM},
            },
        },
    },
}
PARSE = {
    "type": "object",
    "required": ["schema", "documents"],
    "properties": {
        "schema": {"const": "align.parse/1"},
        "documents": {
            "type": "array",
            "items": {
                "oneOf": [
                    {
                        "type": "object",
                        "required": ["kind", "source", "name", "majors", "levels"],
                        "properties": {
                            "kind": {"const": "standard"},
                            "source": _STR,
                            "name": _STR,
                            "majors": {"type": "array", "items": _STR},
                            "levels": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["level", "points"],
                                    "properties": {
                                        "level": _STR,
                                        "points": {
                                            "type": "array",
                                            "items": {
                                                "type": "object",
                                                "required": ["id", "text", "work_area", "task", "knowledge"],
                                                "properties": {
                                                    "id": _STR,
                                                    "text": _STR,
                                                    "work_area": _STR,
                                                    "task": _STR,
                                                    "knowledge": {"type": "array", "items": _STR},
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                    {
                        "type": "object",
                        "required": ["kind", "source", "course", "code", "hours", "objectives", "units"],
                        "properties": {
                            "kind": {"const": "syllabus"},
                            "source": _STR,
                            "course": _STR,
                            "code": _STR,
                            "hours": {"type": "object", "required": ["total", "theory", "practice"]},
                            "objectives": {"type": "array", "items": _STR},
                            "units": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["title", "hours", "items"],
                                    "properties": {"title": _STR, "items": {"type": "array", "items": _STR}},
                                },
                            },
                        },
                    },
                    {
                        "type": "object",
                        "required": ["kind", "source"],
                        "properties": {"kind": {"const": "plan"}},
                    },
                ]
            },
        },
    },
}


def validate_report(data: dict) -> None:
    jsonschema.validate(data, REPORT)


def validate_parse(data: dict) -> None:
    jsonschema.validate(data, PARSE)
