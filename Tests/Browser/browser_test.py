#!/usr/bin/env python3
"""Drives a real browser through SitLess: sign-up, onboarding, one full session with the
hold timer, and the progress page showing it. Starts `sitless serve` on a temporary
database. Usage: browser_test.py PATH/TO/sitless [--screenshots DIR]"""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait, Select
from selenium.webdriver.support import expected_conditions as EC
from selenium.common.exceptions import WebDriverException

from harness import Server, browser, check, check_page, finish, fits_phone, images_loaded, shot as save_shot

server = Server("sitless-browser-", env={"SITLESS_NOW": "2026-12-07T15:00:00+01:00"})  # a Monday afternoon in Berlin: the day and the entries below do not depend on when CI runs
base = server.base

def shot(driver, name, timed=False):
    """A page state: checked (fits 390 px, axe-core finds nothing) and saved with --screenshots.
    `timed`: a timer is running, so the checks (a second or two) would change the state; saved only."""
    if timed: save_shot(driver, name, widths=(("desktop", 1280), ("phone", 390)))
    else: check_page(driver, name)

try:
    server.wait()
    driver = browser()
    wait = WebDriverWait(driver, 20)
    # While a page is being replaced, Chromium may answer with transient errors: keep polling.
    settle = WebDriverWait(driver, 20, ignored_exceptions=[WebDriverException])

    def step_of(d):
        players = d.find_elements(By.ID, "player")
        return players[0].get_attribute("data-step") if players else "done"
    driver.get(base + "/")
    check(driver.current_url.endswith("/signup"), "an empty SitLess leads to sign-up")
    shot(driver, "01-signup")
    driver.find_element(By.ID, "email").send_keys("ana@example.com")
    driver.find_element(By.ID, "password").send_keys("correct-horse-1")
    driver.find_element(By.ID, "confirm").send_keys("correct-horse-1")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    settle.until(EC.url_contains("/onboarding"))
    check("Safety check" in driver.page_source, "onboarding shows the safety screen")
    zone = driver.find_element(By.ID, "timeZone"); zone.clear(); zone.send_keys("Europe/Berlin")
    for radio in driver.find_elements(By.CSS_SELECTOR, "input[type=radio][value=no]"):
        driver.execute_script("arguments[0].click()", radio)
    driver.execute_script("arguments[0].click()", driver.find_element(By.CSS_SELECTOR, "input[name=program][value=glute-wake-up]"))
    # Train every day of the week so "today" always has a session.
    for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]:
        box = driver.find_element(By.NAME, f"day-{day}")
        if not box.is_selected(): driver.execute_script("arguments[0].click()", box)
    per = driver.find_element(By.ID, "perWeek"); per.clear(); per.send_keys("7")
    shot(driver, "02-onboarding")
    driver.find_element(By.ID, "onboarding-submit").click()
    settle.until(lambda d: d.find_elements(By.ID, "start-session"))
    check("Glute wake-up" in driver.page_source, "Today shows the chosen program")
    shot(driver, "03-today")
    driver.find_element(By.ID, "start-session").click()
    settle.until(lambda d: d.find_elements(By.ID, "set-form"))
    wait.until(lambda d: images_loaded(d, ".player-demo img")[1] == 1)
    check("<animate" in driver.execute_script("return fetch(document.querySelector('.player-demo img').src).then(r => r.text())"),
          "the player shows the exercise's animated demonstration")
    check(fits_phone(driver), "the player fits a 390 px screen")
    shot(driver, "04-player")
    # The session is walked on a phone: 390 px wide. The page is loaded once: a marker set
    # now must survive every set, undo, swap and timer until the summary.
    driver.set_window_size(390, 900)
    driver.execute_script("window.__marker = 1")
    def same_page(d):
        return d.execute_script("return window.__marker === 1")
    def sideways(d):
        return d.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
    amount = driver.find_element(By.ID, "amount")
    check(amount.get_attribute("value") == "30", "the seconds are prefilled with the prescribed 30 s hold")
    sizes = driver.execute_script(
        "return [...document.querySelectorAll('#player-region button, #player-region input:not([type=hidden]), #player-region select')]"
        ".filter(e => e.offsetParent).map(e => [e.id || e.textContent.trim(), e.getBoundingClientRect().height])")
    small = [name for name, height in sizes if height < 44]
    check(not small, f"every control of the player is at least 44 px tall at 390 px ({small or len(sizes)})")
    # Steppers next to the seconds.
    steppers = driver.find_elements(By.CSS_SELECTOR, ".stepper .step")
    check(len(steppers) == 2 and all(b.is_displayed() for b in steppers), "the seconds have - and + buttons")
    steppers[1].click()
    check(amount.get_attribute("value") == "35", "+ adds 5 s to a hold")
    steppers[0].click()

    # The hold timer, sped up 10 times by the test: it counts, pauses, resumes, and gives
    # time to switch sides before the right side.
    driver.execute_script("window.__sitlessTimeScale = 10")
    driver.find_element(By.ID, "hold-start").click()
    wait.until(lambda d: d.find_element(By.ID, "hold-time").text not in ("30", ""))
    check(driver.find_element(By.ID, "hold-side").text == "Left side", "the hold timer runs and announces the left side")
    driver.find_element(By.ID, "hold-pause").click()
    paused_at = driver.find_element(By.ID, "hold-time").text
    check(driver.find_element(By.ID, "hold-pause").text == "Resume", "the hold can be paused")
    shot(driver, "04b-player-hold-paused", timed=True)
    driver.execute_script("return new Promise(r => setTimeout(r, 800))")   # 8 s of sped-up time
    check(driver.find_element(By.ID, "hold-time").text == paused_at, f"a paused hold stands still ({paused_at})")
    driver.find_element(By.ID, "hold-pause").click()
    wait.until(lambda d: d.find_element(By.ID, "hold-time").text != paused_at)
    check(True, "the hold resumes")
    wait.until(lambda d: d.find_element(By.ID, "hold-side").text.startswith("Switch sides"))
    check("Right side next" in driver.find_element(By.ID, "hold-side").text, "between the sides there is time to switch sides")
    shot(driver, "04c-player-switch-sides", timed=True)
    wait.until(lambda d: d.find_element(By.ID, "hold-side").text == "Right side")
    check(True, "after switching, the right side is held")
    wait.until(lambda d: d.find_element(By.ID, "hold-side").text.startswith("Done"))
    check(driver.find_element(By.ID, "hold-start").is_displayed() and not driver.find_element(By.ID, "hold-pause").is_displayed(),
          "a finished hold can be started again and is no longer paused")
    check(same_page(driver), "the timers run without reloading the page")
    driver.execute_script("window.__sitlessTimeScale = 1")

    sets_logged = 0
    undone = False
    while True:
        forms = driver.find_elements(By.ID, "set-form")
        if not forms: break
        Select(driver.find_element(By.ID, "effort")).select_by_value("5")
        # The second set of the stretch hurts: 6/10 is above the limit.
        Select(driver.find_element(By.ID, "pain")).select_by_value("6" if sets_logged == 1 else "1")
        before = step_of(driver)
        driver.find_element(By.ID, "log-set").click()
        sets_logged += 1
        # The player has been replaced when it shows another step (or all sets are done).
        settle.until(lambda d: d.find_elements(By.ID, "finish") and step_of(d) != before)
        if sets_logged == 1:
            check(same_page(driver), "logging a set does not reload the page")
            settle.until(lambda d: d.find_element(By.ID, "player-status").get_attribute("textContent") != "")
            status = driver.find_element(By.ID, "player-status").get_attribute("textContent")
            check(status.startswith("Set 1 logged."), f"a polite live region says the set was logged ({status!r})")
            check(driver.execute_script("return document.activeElement.id") == "ex-h", "focus moves to the step shown")
            check(driver.find_element(By.ID, "rest").is_displayed() and not driver.find_element(By.ID, "hold").is_displayed(),
                  "the rest timer shows after a set, and the hold timer waits until it is over")
            check(not sideways(driver), "the rest fits 390 px")
            shot(driver, "05-player-rest", timed=True)
            driver.find_element(By.ID, "rest-skip").click()
            check(driver.find_element(By.ID, "hold").is_displayed() and not driver.find_element(By.ID, "rest").is_displayed(),
                  "skipping the rest brings the hold timer back")
        if sets_logged == 2:
            check(same_page(driver), "logging a painful set does not reload the page")
            stop = driver.find_elements(By.ID, "pain-stop")
            check(stop and "above the 5/10 limit" in stop[0].text and not driver.find_elements(By.ID, "set-form"),
                  "pain 6/10 stops the exercise with a warning instead of another set")
            check(driver.find_element(By.ID, "rest").get_attribute("hidden") is not None, "no rest timer after pain above the limit")
            check(driver.execute_script("return document.activeElement.id") == "pain-stop-h", "focus moves to the warning")
            check(fits_phone(driver), "the pain warning fits a 390 px screen")
            shot(driver, "05a-player-pain")
            driver.find_element(By.ID, "swap-easier").click()
            settle.until(lambda d: "Lying knee-to-chest stretch" in d.find_element(By.ID, "ex-h").text)
            check("Swapped to Lying knee-to-chest stretch" in driver.page_source, "the easier step is swapped in and played next")
            check(same_page(driver), "swapping does not reload the page")
            check(driver.find_element(By.ID, "amount").get_attribute("value") != "", "the easier step's amount is prefilled")
        if sets_logged == 4 and not undone:
            # Undo the set just logged: the player shows it again, and it is logged again.
            undone = True
            logged_step = step_of(driver)
            check("Set 2:" in driver.find_element(By.ID, "last-set").text, "the last set logged is named beside Undo")
            shot(driver, "05b-player-undo", timed=True)
            driver.find_element(By.ID, "undo-set").click()
            settle.until(lambda d: step_of(d) == before)
            check(same_page(driver), "undoing a set does not reload the page")
            check("Undone: set 2 of Lying knee-to-chest stretch" in driver.find_element(By.CSS_SELECTOR, "#main > .flash").text,
                  "the undo says which set is to be logged again")
            check("set 2 of" in driver.find_element(By.ID, "step-of").text, "after undo the player shows that set again")
            sets_logged -= 1
            shot(driver, "05c-player-undone", timed=True)
    # 2 sets of the stretch, 3 of the easier step swapped in, 3 of each of the other four.
    check(sets_logged == 17, f"logged every set, the easier step's included ({sets_logged} of 17)")
    check(same_page(driver), "the whole session ran on one page load")
    check(not sideways(driver), "nothing scrolls sideways at 390 px")
    shot(driver, "05d-player-all-done")
    driver.find_element(By.ID, "finish").click()
    settle.until(EC.url_contains("/summary"))
    check("17 sets logged" in driver.page_source, "the summary counts the sets")
    cards = driver.find_elements(By.CSS_SELECTOR, "main section.card")
    nexts = [c.text.split("Next time:")[1].strip() for c in cards if "Next time:" in c.text]
    check(len(cards) == 6 and len(nexts) == len(cards) and all(nexts),
          f"the summary gives each of the 6 exercises (the easier step's included) its next dosage ({len(nexts)} of {len(cards)})")
    check("Lying knee-to-chest stretch" in driver.find_element(By.TAG_NAME, "main").text, "the summary names the easier step")
    driver.set_window_size(1280, 1000)
    shot(driver, "06-summary")
    # One rule for what comes next: Today and the handout hold what the summary says.
    summary_next = set(driver.execute_script(
        "return [...document.querySelectorAll('main section.card p')].filter(p => p.textContent.startsWith('Next time:'))"
        ".map(p => p.childNodes[1].textContent.trim().replace(/, ([^,]*)$/, ': $1'))"))
    driver.get(base + "/")
    today_next = set(driver.execute_script(
        "return [...document.querySelectorAll('#next-items li')].map(li => li.querySelector('a').textContent + li.childNodes[1].textContent)"))
    check(len(summary_next) == 5 and summary_next == today_next,
          f"Today's next session holds what the summary said ({sorted(today_next)} vs {sorted(summary_next)})")
    check("stands in for Seated glute stretch" in driver.find_element(By.ID, "next-items").text, "Today says why the easier step stands in")
    driver.get(base + "/plan/handout")
    first = driver.find_element(By.CSS_SELECTOR, "section.handout-session")
    handout_next = {h.text for h in first.find_elements(By.TAG_NAME, "h3")}
    check(handout_next == summary_next, f"the handout's next session holds the same ({sorted(handout_next)})")
    driver.get(base + "/progress")
    check("Glute wake-up: Glute program" in driver.page_source and "<svg" in driver.page_source, "progress shows the session and charts")
    shot(driver, "07-progress")
    for path, name in [("/sitting", "08-sitting"), ("/library?muscle=gluteus-medius", "09-library"),
                       ("/library/hip-thrust", "10-exercise"), ("/programs/hip-and-glute-6-week", "11-program"),
                       ("/programs/glute-wake-up/handout", "12-handout"), ("/learn/glutes-do-not-switch-off", "13-article"),
                       ("/programs", "14-programs"), ("/routines", "15-routines"), ("/settings/coach", "16-coach"),
                       ("/learn", "17-learn"), ("/settings/password", "18-password")]:
        driver.get(base + path)
        check(driver.find_element(By.TAG_NAME, "h1").text != "", f"{path} renders")
        if name in ("09-library", "10-exercise", "12-handout"):
            # The library's thumbnails load as they scroll into view: the first cards' must have.
            css = {"09-library": "article:nth-of-type(-n+3) .thumb", "10-exercise": ".demo img", "12-handout": ".stills"}[name]
            settle.until(lambda d: images_loaded(d, css)[0] > 0 and images_loaded(d, css)[0] == images_loaded(d, css)[1])
            count, loaded = images_loaded(driver, css)
            check(count > 0 and loaded == count, f"{path} shows its {count} drawing(s)")
            check(fits_phone(driver), f"{path} fits a 390 px screen")
        shot(driver, name)

    # A handout's Print button shows when scripts run (it is hidden without them and on paper).
    driver.get(base + "/programs/glute-wake-up/handout")
    check(driver.find_element(By.ID, "print").is_displayed(), "the handout's Print button shows")

    # Deleting asks first: a sitting entry, through its confirmation, Cancel, then Delete.
    driver.get(base + "/sitting")
    add = "form[action='/sitting/bouts']"
    for field, value in [("from", "06:10"), ("to", "06:40")]:
        driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field), value)
    driver.find_element(By.CSS_SELECTOR, add + " button[type=submit]").click()
    settle.until(lambda d: "06:10" in d.page_source)
    def ask_delete():
        row = [r for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr") if "06:10" in r.text][0]
        driver.execute_script("arguments[0].click()", row.find_element(By.CSS_SELECTOR, "form[action$='/delete'] button"))
        settle.until(EC.presence_of_element_located((By.ID, "confirm-question")))
    ask_delete()
    question = driver.find_element(By.ID, "confirm-question").text
    check(question.startswith("Delete sitting from 06:10 to 06:40 on "), f"deleting an entry asks first, naming it ({question})")
    shot(driver, "19-confirm-delete")
    driver.find_element(By.ID, "confirm-cancel").click()
    settle.until(EC.url_contains("/sitting"))
    check("06:10" in driver.page_source, "Cancel keeps the entry")
    ask_delete()
    driver.find_element(By.ID, "confirm-yes").click()
    settle.until(lambda d: "Deleted." in d.page_source)
    check("06:10" not in driver.page_source, "confirming deletes it")

    # Time in bed (issue 17): a night entered as "in bed" is not sitting; the day says so.
    driver.get(base + "/sitting")
    for field, value in [("from", "00:00"), ("to", "06:30")]:
        driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field), value)
    Select(driver.find_element(By.ID, "posture")).select_by_value("in-bed")
    driver.find_element(By.CSS_SELECTOR, add + " button[type=submit]").click()
    settle.until(lambda d: "in bed 6 h 30 min" in d.page_source)
    check("while awake (in bed 6 h 30 min)" in driver.page_source, "a night in bed is not sitting, and the day says so")
    check(fits_phone(driver), "the sitting page with a night in bed fits a 390 px screen")
    shot(driver, "20-sitting-in-bed")

    # A mistyped address is a page in the site's layout, not JSON.
    driver.get(base + "/library/nope")
    check(driver.find_element(By.TAG_NAME, "h1").text == "Not found" and driver.title == "Not found · SitLess"
          and driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "a mistyped address shows a Not found page")
    shot(driver, "20-not-found")
    # Settings: a new token, then a reload of that address, lands on Settings, not on an error.
    driver.get(base + "/settings")
    driver.find_element(By.ID, "token-name").send_keys("laptop")
    driver.find_element(By.CSS_SELECTOR, "form[action='/settings/tokens'] button[type=submit]").click()
    settle.until(EC.presence_of_element_located((By.ID, "new-token")))
    shot(driver, "21-settings-token")
    driver.get(driver.current_url)  # the address bar again: a GET
    check(driver.current_url.endswith("/settings") and "{" not in driver.find_element(By.TAG_NAME, "body").text[:1],
          f"revisiting the token page's address shows Settings ({driver.current_url})")
    driver.quit()
finally:
    server.stop()

finish("browser")
