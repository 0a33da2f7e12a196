"""axe-core run in the project's Chromium: the script, the WCAG levels checked, and a readable report."""
from __future__ import annotations

from support.projects import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# A phone and a desktop screen: pages are checked at both widths.
VIEWPORTS = {"telephone": {"width": 360, "height": 800}, "ordinateur": {"width": 1280, "height": 900}}

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}) : {v['help']}")
        for node in v["nodes"][:8]:
            summary = " ".join(node["summary"].split())[:300]
            lines.append(f"    {node['target']} — {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … et {len(v['nodes']) - 8} autres éléments")
    return "\n".join(lines)
