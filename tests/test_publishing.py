"""Publishing recipes (README, « Publier le guide »): the GitHub Pages workflow and the GitLab
Pages job run the README's `make publish`, keep `.cache/` between runs, publish site/, and take
the site's address from one variable; `make publish` refuses the example address."""
from __future__ import annotations

import os
import subprocess
import sys

import yaml

from support.projects import ROOT

VARIABLE = "GUIDE_SITE_URL"


def _commands(steps) -> list[str]:
    return [line.strip() for step in steps for line in str(step.get("run", "")).splitlines() if line.strip()]


def test_the_github_workflow_publishes_what_make_publish_builds():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "publier.yml").read_text(encoding="utf-8"))
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "main" in triggers["push"]["branches"]
    build = flow["jobs"]["construire"]
    assert build["env"][VARIABLE] == "${{ vars.GUIDE_SITE_URL }}"
    assert "make publish" in _commands(build["steps"])
    uses = {step.get("uses", "").split("@")[0]: step for step in build["steps"]}
    assert uses["actions/cache"]["with"]["path"] == ".cache"
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert all("@" in step["uses"] for step in build["steps"] if "uses" in step)  # each action pinned
    deploy = flow["jobs"]["publier"]
    assert deploy["needs"] == "construire" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_gitlab_job_publishes_what_make_publish_builds():
    job = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))["pages"]
    script = [line.split("#")[0].strip() for line in job["script"]]
    assert "make publish" in script
    assert script.index("make publish") < script.index("rm -rf public && mv site public")
    assert job["artifacts"]["paths"] == ["public"]
    assert ".cache/" in job["cache"]["paths"]
    # The address is the project's CI/CD variable: never written in the job itself.
    assert VARIABLE not in yaml.safe_dump(job)


def test_the_readme_says_how_to_publish():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publier le guide")[1].split("\n## ")[0]
    for needed in ("make publish", VARIABLE, ".github/workflows/publier.yml", ".gitlab-ci.yml", "site/"):
        assert needed in section, needed
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "publish: deps\n\tGUIDE_PUBLIER=1 $(PY) scripts/build_site.py" in makefile


def test_publishing_refuses_the_example_address(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_PUBLIER": "1"}
    env.pop(VARIABLE, None)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py"), "--config",
                             str(ROOT / "mkdocs.yml"), "--site", str(tmp_path / "site")],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and not (tmp_path / "site").exists()
    assert "GUIDE_PUBLIER=1 : l'adresse du site est « https://guide-reclamations.example/ », une adresse d'exemple" in out
    assert "Traceback" not in out


def test_only_an_example_domain_counts_as_the_placeholder():
    from macros.build.settings import Settings, is_placeholder_address

    assert is_placeholder_address("https://guide-reclamations.example/")
    assert is_placeholder_address("https://example/")
    assert not is_placeholder_address("https://guide.example.org/")
    published = Settings.from_environment({"GUIDE_PUBLIER": "1", VARIABLE: "https://guide.example.org/"})
    assert published.site_url == "https://guide.example.org/" and not published.placeholder_address
    assert Settings.from_environment({}, site_url="https://guide-reclamations.example/").placeholder_address
