"""`make serve`: the watcher that notices a saved file sooner, the search index left out of the
preview, and the real server showing an edit to a circuit once the browser reloads (what
`make bench` times)."""
from __future__ import annotations

import importlib.util
import os
import sys

import pytest
from mkdocs.livereload import LiveReloadServer

from support.projects import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from serve_probe import seconds_to_show_an_edit  # noqa: E402


def _serve_hook():
    spec = importlib.util.spec_from_file_location("serve_hook", ROOT / "overrides" / "hooks" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _watched(server) -> set[str]:
    return {emitter.watch.path for emitter in server.observer.emitters}


def test_the_watcher_looks_ten_times_a_second_and_keeps_every_folder(tmp_path):
    first, second = tmp_path / "content", tmp_path / "circuits"
    first.mkdir()
    second.mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    assert server.observer.timeout == 0.5  # MkDocs' own half second, which the hook replaces
    server.watch(str(first))
    server.watch(str(second))
    server.watch(str(second))  # added twice, as MkDocs allows
    hook = _serve_hook()

    assert hook.on_serve(server, config=None, builder=None) is server
    assert server.observer.timeout == hook.POLL_SECONDS == 0.1
    assert _watched(server) == {str(first), str(second)}
    # Added twice, so it stays watched until it is let go twice, as before the swap.
    server.unwatch(str(second))
    assert _watched(server) == {str(first), str(second)}
    server.unwatch(str(second))
    assert _watched(server) == {str(first)}
    # What plugins watch after the hook goes to the new watcher too.
    later = tmp_path / "macros"
    later.mkdir()
    server.watch(str(later))
    assert _watched(server) == {str(first), str(later)}


def test_the_watcher_is_kept_when_the_server_is_not_the_one_the_hook_knows(tmp_path, caplog):
    """Another MkDocs version (no observer, no emitters' paths): MkDocs' own watcher stays."""
    from types import SimpleNamespace

    hook = _serve_hook()
    calls = []
    unknown = SimpleNamespace(watch=lambda p: calls.append(("watch", p)), unwatch=lambda p: calls.append(("unwatch", p)))
    with caplog.at_level("INFO"):
        assert hook.on_serve(unknown, config=None, builder=None) is unknown
    assert calls == [] and not hasattr(unknown, "observer")
    assert "la surveillance des fichiers reste celle de MkDocs" in caplog.text
    odd = SimpleNamespace(watch=lambda p: None, unwatch=lambda p: None,
                          observer=SimpleNamespace(emitters=[SimpleNamespace()]))
    before = odd.observer
    assert hook.on_serve(odd, config=None, builder=None) is odd and odd.observer is before


def _search_plugin():
    from material.plugins.search.plugin import SearchPlugin

    plugin = SearchPlugin()
    errors, warnings = plugin.load_config({})
    assert not errors
    return plugin


def _config_with_search(plugin):
    from types import SimpleNamespace

    return SimpleNamespace(plugins={"material/search": plugin, "macros": object()})


@pytest.mark.parametrize("command, wanted, kept", [
    ("serve", None, False),  # the preview: no index, and no search field that would find nothing
    ("serve", "1", True),    # GUIDE_RECHERCHE=1 keeps it in the preview
    ("build", None, True),   # a build always makes it
])
def test_only_the_preview_leaves_the_search_index_out(command, wanted, kept):
    from macros.adapter.plugin import without_search_in_serve
    from macros.build.settings import Settings

    settings = Settings.from_environment({"GUIDE_RECHERCHE": wanted} if wanted else {}, command=command)
    plugin = _search_plugin()
    config = _config_with_search(plugin)
    without_search_in_serve(config, settings)
    assert ("material/search" in config.plugins) is kept
    assert plugin.config.enabled is kept
    assert "macros" in config.plugins  # the other plugins stay


def test_serve_shows_an_edited_circuit_after_the_reload(project_copy):
    """The real `mkdocs serve`, our hooks included: an edited step title reaches the landlord's
    page once MkDocs tells the browser to reload. Only that it happens is checked here; how long
    it takes is `make bench`'s job."""
    env = {"GUIDE_CACHE_DIR": str(ROOT / ".cache" / "diagrams"), "NO_MKDOCS_2_WARNING": "1", "GUIDE_STATS": ""}
    circuit = project_copy / "circuits" / "actis.yaml"
    seconds = seconds_to_show_an_edit(project_copy, {**os.environ, **env}, circuit, "Le problème est réglé",
                                      "Le problème est enfin réglé", "bailleurs/actis/", first_build_timeout=300)
    assert seconds > 0
    assert "Le problème est enfin réglé" in circuit.read_text(encoding="utf-8")
