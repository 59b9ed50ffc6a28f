"""axe-core in the browser tests: `check(driver, label)` injects axe.min.js into the page
open in `driver`, runs every rule axe enables by default (WCAG 2.0/2.1/2.2 A and AA and
the best practices) and fails with the violations, whatever their impact; `check_schemes`
does so in light mode and again in dark mode (prefers-color-scheme through the DevTools
protocol, as the page's own CSS sees it).

axe.min.js comes from a PyPI wheel that ships it (see AXE_WHEEL in the Makefile, installed
with `pip install --no-deps`); CASEBOOK_AXE_JS may name another copy of the file."""
import glob
import importlib.util
import os

AXE_PACKAGE = "axe_playwright_python"
INSTALL = "python3 -m pip install --no-deps axe-playwright-python==0.1.8 (`make test` does)"

_source = None


def axe_path():
    """The axe.min.js file to inject: $CASEBOOK_AXE_JS, else the one inside the wheel."""
    path = os.environ.get("CASEBOOK_AXE_JS")
    if path:
        if not os.path.isfile(path):
            raise FileNotFoundError(f"CASEBOOK_AXE_JS names {path}, which does not exist; point it at axe.min.js or unset it")
        return path
    spec = importlib.util.find_spec(AXE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"axe-core is missing: the browser tests take axe.min.js from the {AXE_PACKAGE} wheel; install it with {INSTALL}")
    found = sorted(glob.glob(os.path.join(list(spec.submodule_search_locations)[0], "**", "axe.min.js"), recursive=True))
    if not found:
        raise FileNotFoundError(f"the {AXE_PACKAGE} package has no axe.min.js; reinstall it with {INSTALL}")
    return found[0]


def axe_source():
    global _source
    if _source is None:
        with open(axe_path(), encoding="utf-8") as f:
            _source = f.read()
    return _source


def axe_version(driver):
    inject(driver)
    return driver.execute_script("return axe.version")


def inject(driver):
    if not driver.execute_script("return typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        driver.execute_script(axe_source())


RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary}))}))}))
  .catch(e => done({error: String(e)}));
"""


def violations(driver):
    """axe's violations on the page open in `driver`, as dicts (id, impact, help, nodes)."""
    inject(driver)
    result = driver.execute_async_script(RUN)
    if "error" in result:
        raise RuntimeError("axe.run failed: " + result["error"])
    return result["violations"]


def describe(found, label):
    lines = [f"{len(found)} accessibility violation(s) on {label}:"]
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:5]:
            summary = " ".join((n["summary"] or "").split())
            lines.append(f"    {n['target']}: {n['html'][:160]}\n      {summary[:300]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def check(driver, label):
    """Fails with axe's report unless the page open in `driver` has no violation of any impact."""
    found = violations(driver)
    assert not found, describe(found, label)


def set_scheme(driver, scheme):
    """Emulates prefers-color-scheme: "light" or "dark"; None goes back to the default."""
    features = [{"name": "prefers-color-scheme", "value": scheme}] if scheme else []
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": features})


def check_schemes(driver, label):
    """`check` in light mode, then in dark mode; reports the violations of both at once."""
    problems = []
    try:
        for scheme in ("light", "dark"):
            set_scheme(driver, scheme)
            found = violations(driver)
            if found:
                problems.append(describe(found, f"{label} ({scheme} mode)"))
    finally:
        set_scheme(driver, None)
    assert not problems, "\n".join(problems)
