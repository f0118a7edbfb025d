"""The page's assets (kg/assets) pass ESLint, and the lint rules that guard the page are live.

ESLint comes from npm (package.json, package-lock.json): ``npm ci`` installs it into
node_modules/, as .ci/run does; then ``npx eslint kg/assets`` lints by hand. The tests skip
only when ESLint is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ESLINT = ROOT / "node_modules" / "eslint"
NODE = shutil.which("node")
if not ESLINT.is_dir() or NODE is None:
    pytest.skip("eslint is not installed: run `npm ci` in the repository", allow_module_level=True)

PROBES = [
    ("probe.js", "document.body.innerHTML = location.hash;\n", "no-restricted-properties"),
    ("probe.js", "el.insertAdjacentHTML('beforeend', text);\n", "no-restricted-properties"),
    ("probe.js", "var x = 1;\nwindow.y = x;\n", "no-var"),
    ("probe.js", "window.z = eval('1');\n", "no-eval"),
    ("probe.js", "if (window.a == 1) { window.b = 2; }\n", "eqeqeq"),
    ("probe.js", "window.c = undefinedThing;\n", "no-undef"),
    ("probe.css", "a { colr: red; }\n", "css/no-invalid-properties"),
]
# One Node process (ESLint takes seconds to start): lint kg/assets, then each probe as if it were there.
SCRIPT = """
const { ESLint } = require("eslint");
(async () => {
  const probes = JSON.parse(process.argv[1]);
  const eslint = new ESLint({ cwd: process.cwd() });
  const files = await eslint.lintFiles(["kg/assets"]);
  const probed = [];
  for (const [name, source] of probes) {
    probed.push(await eslint.lintText(source, { filePath: "kg/assets/" + name }));
  }
  process.stdout.write(JSON.stringify({ files: files, probes: probed }));
})().catch((e) => { console.error(e); process.exit(2); });
"""


@pytest.fixture(scope="module")
def lint() -> dict:
    done = subprocess.run(
        [NODE or "node", "-e", SCRIPT, json.dumps([p[:2] for p in PROBES])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_assets_pass_eslint(lint: dict) -> None:
    linted = {Path(r["filePath"]).name for r in lint["files"]}
    assert {"page.js", "page.css"} <= linted
    problems = [f"{Path(r['filePath']).name}:{m['line']}: {m['message']}" for r in lint["files"] for m in r["messages"]]
    assert problems == []


@pytest.mark.parametrize(("k", "rule"), [(k, p[2]) for k, p in enumerate(PROBES)])
def test_the_rules_that_guard_the_page_are_live(lint: dict, k: int, rule: str) -> None:
    """The configuration really applies to kg/assets: code that breaks a rule is reported."""
    assert rule in {m.get("ruleId") for r in lint["probes"][k] for m in r["messages"]}
