"""The README's configuration reference lists every option of the plugin, with its default, and no other."""

from __future__ import annotations

import re

from practice_commons.mkdocs_plugin import CommonsConfig

from .conftest import ROOT, SMALL_COMMONS, run_build, write_commons


def reference_rows() -> dict[str, list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Configuration reference", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \|(.*)\|$", section, re.M)
    return {name: [cell.strip() for cell in cells.split(" | ")] for name, cells in rows}


def shown(value: object) -> str:
    return f"`{value}`" if not isinstance(value, list) else "`[" + ", ".join(map(str, value)) + "]`"


def test_every_plugin_option_is_in_the_reference_with_its_default():
    options = dict(CommonsConfig._schema)
    rows = reference_rows()
    assert sorted(rows) == sorted(options), "README's configuration reference and CommonsConfig differ"
    for name, option in options.items():
        value, default, what = rows[name]
        if option.default is not None:
            assert default == shown(option.default), name
        assert "Example: `" + name + ":" in what, f"{name} has no example"


def test_a_wrong_option_value_is_named_by_the_build(tmp_path):
    write_commons(tmp_path / "docs", SMALL_COMMONS)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\nplugins:\n  - commons:\n      audience: everyone\n", encoding="utf-8")
    run = run_build(config, tmp_path / "site", cwd=tmp_path)
    assert run.returncode != 0
    assert "Plugin 'commons' option 'audience': Expected one of: ('internal', 'public')" in run.stderr
