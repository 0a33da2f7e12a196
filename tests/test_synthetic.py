"""The benchmark's synthetic landlords are valid data, so the benchmark measures real builds."""
from __future__ import annotations

from macros.data.guide import load_guide
from support.projects import write_landlords


def test_synthetic_landlords_validate(project_copy):
    write_landlords(project_copy / "circuits", 25)
    guide = load_guide(root=project_copy)
    assert len(guide.landlords) == 25
    assert sum(l.id.startswith("fictif-") for l in guide.landlords) == 22
    assert {len(l.steps) for l in guide.landlords} >= {3, 15} or len({len(l.steps) for l in guide.landlords}) > 2
