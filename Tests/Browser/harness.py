"""What the browser tests share: `sitless serve` on a temporary database and a free loopback
port, headless Chromium (Debian's chromium + chromedriver), screenshots, and checks that
print ok/FAIL and are counted."""
import json, os, socket, subprocess, sys, tempfile, time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

binary = sys.argv[1]
shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
failures = []

def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition: failures.append(message)

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

class Server:
    """`sitless serve` on a fresh SQLite file; `env` adds environment variables."""
    def __init__(self, prefix, env=None):
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        self.log = os.path.join(self.tmp, "serve.log")
        self.process = subprocess.Popen([binary, "serve", "--port", str(self.port), "--db", os.path.join(self.tmp, "sitless.sqlite")],
                                        env=dict(os.environ, **(env or {})), stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"

    def wait(self):
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close(); return
            except OSError:
                if self.process.poll() is not None: raise SystemExit("sitless serve exited: " + open(self.log).read())
                time.sleep(0.1)
        raise SystemExit("sitless serve did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

def browser():
    options = Options()
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
        options.add_argument(arg)
    if os.path.exists("/usr/bin/chromium"): options.binary_location = "/usr/bin/chromium"
    service = Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service()
    return webdriver.Chrome(options=options, service=service)

def shot(driver, name, widths=(("desktop", 1280),)):
    """Full-page screenshots at each (label, width) into --screenshots DIR, if given."""
    if not shots: return
    os.makedirs(shots, exist_ok=True)
    before = driver.get_window_size()
    for label, width in widths:
        driver.set_window_size(width, 1000)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        # The window's height includes the browser's own bars: leave room so the page is whole.
        driver.set_window_size(width, min(max(height + 150, 800), 6000))
        driver.execute_script("window.scrollTo(0, 0)")
        suffix = "" if len(widths) == 1 else f"-{label}"
        driver.save_screenshot(os.path.join(shots, f"{name}{suffix}.png"))
    driver.set_window_size(before["width"], before["height"])

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
pages_checked = []

def axe_source():
    """axe-core's script: 4.x from PyPI's axe-playwright-python (installed without its
    Playwright dependency: only its bundled axe.min.js is used), which has the WCAG 2.1
    rules; else the older one axe-selenium-python bundles."""
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")  # found, not imported (that needs Playwright)
    if spec and spec.submodule_search_locations:
        path = os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")
        if os.path.exists(path): return open(path, encoding="utf-8").read()
    import axe_selenium_python
    return open(os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js"),
                encoding="utf-8").read()

_axe = []

def axe_violations(driver):
    """axe-core's WCAG 2.0/2.1 A and AA violations on the current page, one line each:
    rule id, impact and the first few elements it names."""
    if not _axe: _axe.append(axe_source())
    driver.execute_script(_axe[0])
    driver.set_script_timeout(120)
    # An older axe-core (the fallback) has no wcag21* rules: run the tags it knows.
    known = driver.execute_script("return [...new Set(axe.getRules().flatMap(r => r.tags))]")
    tags = [t for t in AXE_TAGS if t in known]
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(done, e => done({error: String(e)}));",
        {"runOnly": {"type": "tag", "values": tags}})
    if "error" in results: return ["axe-core could not run: " + results["error"]]
    lines = []
    for v in results["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"][:3]]
        more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
        lines.append(f"{v['id']} [{v['impact']}] {', '.join(targets)}{more}")
    return lines

def dark(driver, on=True):
    """Chromium shows pages as with the system's dark (or light) colour scheme."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": "dark"}] if on else []})

def check_page(driver, name, dark_too=False):
    """The page as it is now: laid out 390 px wide it needs no sideways scrolling, axe-core
    finds no WCAG 2 A/AA violation (also in the dark colour scheme if `dark_too`), and with
    --screenshots DIR it is saved at 390 and 1280 px as NAME-phone.png and NAME-desktop.png
    (NAME-dark-*.png for the dark scheme). The window has its size from before again afterwards."""
    where = driver.current_url.split("/", 3)[-1]
    before = driver.get_window_size()
    inner_before = driver.execute_script("return window.innerWidth")
    # Headless Chromium, resized while a text field has focus, drops the next click on a
    # submit button (a plain HTML form, no script involved): the checks leave nothing focused.
    driver.execute_script("if (document.activeElement) document.activeElement.blur()")
    schemes = [False, True] if dark_too else [False]
    for is_dark in schemes:
        if is_dark: dark(driver)
        label = name + ("-dark" if is_dark else "")
        try:
            driver.set_window_size(390, 900)
            width, inner = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
            check(width <= inner, f"{label} (/{where}) fits 390 px ({width} px wide in {inner})")
            # Chart text as drawn: its font size times the chart's scale, for every label shown.
            sizes = driver.execute_script(
                "return [...document.querySelectorAll('svg.chart text')].filter(t => t.getClientRects().length > 0).map(t => {"
                "  const svg = t.ownerSVGElement; const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;"
                "  return parseFloat(getComputedStyle(t).fontSize) * scale; })")
            if sizes:
                check(min(sizes) >= 11.5, f"{label} chart text is readable at 390 px (smallest {min(sizes):.1f} px of {len(sizes)} labels)")
            violations = axe_violations(driver)
            check(not violations, f"{label} (/{where}) has no axe violations" + "".join("\n       " + v for v in violations))
            pages_checked.append((label, width <= inner, len(violations)))
            shot(driver, label, widths=(("phone", 390), ("desktop", 1280)))
        finally:
            if is_dark: dark(driver, False)
            driver.set_window_size(before["width"], before["height"])
            settled(driver, inner_before)

def settled(driver, inner_width):
    """Waits until the page is laid out at the window's width again (two animation frames
    after `window.innerWidth` reads `inner_width`): a click sent while Chromium still lays the
    page out after a resize can land where the button was and do nothing."""
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.innerWidth") == inner_width)
    driver.execute_async_script("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()))")

def images_loaded(driver, css):
    """How many images match `css`, and how many of them the browser has decoded."""
    return driver.execute_script(
        "const all = [...document.querySelectorAll(arguments[0])];"
        "return [all.length, all.filter(i => i.complete && i.naturalWidth > 0).length];", css)

def fits_phone(driver):
    """Whether the page, laid out 390 px wide, needs no sideways scrolling."""
    before = driver.get_window_size()
    driver.set_window_size(390, 900)
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    driver.set_window_size(before["width"], before["height"])
    return width[0] <= width[1]

# What people do in several tests.
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

def sign_up(driver, email, purpose=None):
    """Fills in and sends the sign-up form; `purpose="others"` signs up to treat or coach others."""
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys("correct-horse-1")
    driver.find_element(By.ID, "confirm").send_keys("correct-horse-1")
    if purpose: driver.find_element(By.CSS_SELECTOR, f"input[name=purpose][value={purpose}]").click()
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()

def onboard(driver, settle, program="glute-medius-focus"):
    settle.until(EC.url_contains("/onboarding"))
    zone = driver.find_element(By.ID, "timeZone"); zone.clear(); zone.send_keys("Europe/Berlin")
    for radio in driver.find_elements(By.CSS_SELECTOR, "input[type=radio][value=no]"):
        driver.execute_script("arguments[0].click()", radio)
    driver.execute_script("arguments[0].click()", driver.find_element(By.CSS_SELECTOR, "input[name=program][value=" + program + "]"))
    button = driver.find_element(By.ID, "onboarding-submit")
    button.click()
    settle.until(EC.staleness_of(button))

def submit(driver, form_css):
    driver.find_element(By.CSS_SELECTOR, form_css + " button[type=submit]").click()

def open_assignment(driver, settle, team_url, member):
    """A member's page in the team, its assignment form set to 7 sessions a week on every day."""
    driver.get(team_url)
    driver.find_element(By.PARTIAL_LINK_TEXT, member).click()
    settle.until(lambda d: d.find_elements(By.ID, "plan"))
    per = driver.find_element(By.ID, "perWeek"); per.clear(); per.send_keys("7")
    for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]:
        box = driver.find_element(By.NAME, f"day-{day}")
        if not box.is_selected(): driver.execute_script("arguments[0].click()", box)

def finish(label):
    if pages_checked:
        print(f"{len(pages_checked)} page states checked: {sum(1 for p in pages_checked if p[1])} fit 390 px, "
              f"{sum(p[2] for p in pages_checked)} axe violation(s)")
    if failures:
        print(f"{len(failures)} {label} check(s) failed"); sys.exit(1)
    print(f"{label} test passed")
