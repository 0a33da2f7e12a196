"""What the test modules share: the fixture projects and the one way to build them (projects),
a local web server (serving), axe-core in the browser (browser), PDF tools (pdf), reading a built
page (pages) and a drawn diagram (svg). Test modules import from here, never from each other."""
