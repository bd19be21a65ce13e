"""The ``align.parse/1`` JSON shape of parsed documents (see the contract)."""

from __future__ import annotations

from typing import Any

from align.documents import Document, Standard, Syllabus, TrainingPlan

SCHEMA = "align.parse/1"


def document_to_json(doc: Document) -> dict[str, Any]:
    """One document as the contract's ``documents[]`` entry."""
    if isinstance(doc, Standard):
        return {
            "kind": "standard",
            "source": doc.source,
            "name": doc.name,
            "majors": list(doc.majors),
            "occupations": list(doc.occupations),
            "cumulative": doc.cumulative,
            "levels": [
                {
                    "level": lv.name,
                    "points": [
                        {
                            "id": p.id,
                            "text": p.text,
                            "work_area": p.work_area,
                            "task": p.task,
                            "knowledge": list(p.knowledge),
                        }
                        for p in lv.points
                    ],
                }
                for lv in doc.levels
            ],
        }
    if isinstance(doc, Syllabus):
        return {
            "kind": "syllabus",
            "source": doc.source,
            "course": doc.course,
            "code": doc.code,
            "credits": doc.credits,
            "hours": {"total": doc.hours.total, "theory": doc.hours.theory, "practice": doc.hours.practice},
            "majors": list(doc.majors),
            "course_type": doc.course_type,
            "objectives": list(doc.objectives),
            "units": [{"title": u.title, "hours": u.hours, "items": list(u.items)} for u in doc.units],
        }
    if isinstance(doc, TrainingPlan):
        return {
            "kind": "plan",
            "source": doc.source,
            "major": doc.major,
            "courses": [
                {
                    "course": c.course,
                    "course_type": c.course_type,
                    "semester": c.semester,
                    "credits": c.credits,
                    "hours": c.hours,
                }
                for c in doc.courses
            ],
        }
    raise TypeError(f"not a document: {type(doc).__name__}")


def documents_to_json(docs: list[Document]) -> dict[str, Any]:
    return {"schema": SCHEMA, "documents": [document_to_json(d) for d in docs]}
