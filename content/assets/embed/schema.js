/* Only when the build had no Chromium: draw the circuit with the guide's own Mermaid copy. */
if (window.mermaid) {
  window.mermaid.initialize({ startOnLoad: true, theme: "neutral", securityLevel: "strict",
                              htmlLabels: false, flowchart: { htmlLabels: false } });
}
