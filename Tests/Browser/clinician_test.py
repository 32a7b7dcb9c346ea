#!/usr/bin/env python3
"""A clinician and a member, as new users in two browsers: the clinician turns on clinician
tools, creates a team and an invitation; the member follows the link, signs up, joins; the
clinician assigns a program with a dosage change and notes; the member sees who prescribed
it, does the first session, records sitting by hand and uploads an activPAL file; the
clinician then sees the session and the sitting day. Usage: clinician_test.py PATH/TO/sitless"""
import os, re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait, Select
from selenium.webdriver.support import expected_conditions as EC
from selenium.common.exceptions import WebDriverException

from harness import Server, browser, check, check_page, finish, onboard, open_assignment, sign_up, submit

server = Server("sitless-clinician-", env={"SITLESS_NOW": "2026-12-07T15:00:00+01:00"})  # a Monday afternoon in Berlin
base = server.base
tmp = server.tmp

try:
    server.wait()
    clinic, member = browser(), browser()
    cs = WebDriverWait(clinic, 20, ignored_exceptions=[WebDriverException])
    ms = WebDriverWait(member, 20, ignored_exceptions=[WebDriverException])

    # The clinician signs up to treat others: straight to the clinic page, no patient questions.
    clinic.get(base + "/signup")
    check_page(clinic, "c0-signup")
    sign_up(clinic, "pt@example.com", purpose="others")
    cs.until(lambda d: d.find_elements(By.CSS_SELECTOR, "form[action='/teams']"))
    check(clinic.current_url == base + "/team", f"the clinician lands on the clinic page after sign-up ({clinic.current_url})")
    check("Safety check" not in clinic.page_source and "onboarding" not in clinic.current_url,
          "no patient questions on the clinician's way to their clinic")
    check_page(clinic, "c0b-clinician-tools")
    clinic.find_element(By.ID, "name").send_keys("Hip clinic")
    submit(clinic, "form[action='/teams']")
    cs.until(lambda d: "/teams/" in d.current_url)
    team_url = clinic.current_url
    submit(clinic, "form[action$='/invites']")
    cs.until(lambda d: d.find_elements(By.CSS_SELECTOR, "strong.code"))
    link = re.search(r"http://[^<\s]+/join/[A-Z0-9-]+", clinic.page_source).group(0)
    check(link.startswith(base + "/join/"), "the clinician gets an invitation link")
    check_page(clinic, "c1-team-invite")

    # The member: follows the link as a new person.
    member.get(link)
    ms.until(EC.url_contains("/signin"))
    check_page(member, "m0-signin-to-join")
    member.find_element(By.LINK_TEXT, "Create an account").click()
    ms.until(EC.url_contains("/signup"))
    sign_up(member, "ana@example.com")
    onboard(member, ms)
    ms.until(EC.url_contains("/join/"))
    check("Join Hip clinic" in member.page_source, "after onboarding the member is back at the invitation")
    check_page(member, "m1-join")
    submit(member, "form[action='/join']")
    ms.until(EC.url_contains("/team"))
    check("Revoke access and leave Hip clinic" in member.page_source, "the member is in the team and can revoke access")
    check_page(member, "m1b-care-team")

    # The clinician assigns the article's program with a dosage change and notes.
    open_assignment(clinic, cs, team_url, "ana@example.com")
    Select(clinic.find_element(By.ID, "plan")).select_by_value("program:glute-wake-up")
    clinic.find_element(By.ID, "dosages").send_keys("Hip thrust: 3 x 10")
    clinic.find_element(By.ID, "notes").send_keys("Lower slowly, three seconds down.")
    submit(clinic, "form[action$='/assign']")
    cs.until(lambda d: "Assigned Glute wake-up" in d.page_source)
    check(True, "the clinician assigns Glute wake-up with 3 x 10 hip thrusts")
    check_page(clinic, "c2a-member-assigned")

    # The member sees who prescribed what, and does the first session.
    member.get(base + "/team")
    check("Glute wake-up" in member.page_source and "pt@example.com" in member.page_source and "three seconds down" in member.page_source,
          "the member sees the prescription, who made it and the notes")
    check_page(member, "m1c-care-team-prescribed")
    member.get(base + "/")
    check("Hip thrust</a>: 3 x 10" in member.page_source, "Today shows the prescribed dosage")
    member.find_element(By.ID, "start-session").click()
    ms.until(lambda d: d.find_elements(By.ID, "set-form"))
    sets = 0
    while member.find_elements(By.ID, "set-form"):
        Select(member.find_element(By.ID, "effort")).select_by_value("5")
        Select(member.find_element(By.ID, "pain")).select_by_value("2")
        before = member.find_element(By.ID, "player").get_attribute("data-step")
        member.find_element(By.ID, "log-set").click()
        sets += 1
        ms.until(lambda d: d.find_elements(By.ID, "finish") and (not d.find_elements(By.ID, "player") or d.find_element(By.ID, "player").get_attribute("data-step") != before))
    member.find_element(By.ID, "finish").click()
    ms.until(EC.url_contains("/summary"))
    check_page(member, "m1d-summary")
    check(sets == 15, f"the member logs the whole first session ({sets} sets)")

    # Sitting: an hour by hand, and an activPAL file uploaded on the sitting page.
    member.get(base + "/sitting")
    member.execute_script("arguments[0].value = '09:00'", member.find_element(By.ID, "from"))
    member.execute_script("arguments[0].value = '10:00'", member.find_element(By.ID, "to"))
    old = member.find_element(By.CSS_SELECTOR, "form[action='/sitting/bouts']")
    submit(member, "form[action='/sitting/bouts']")
    ms.until(EC.staleness_of(old))
    ms.until(lambda d: d.find_elements(By.ID, "import-file"))
    events = os.path.join(tmp, "events.csv")
    # 2026-12-07 06:00 Berlin: 50 min sitting, 5 standing, 10 walking, 20 sitting.
    open(events, "w").write('"Time","Interval (s)","ActivityCode"\n46363.25,3000,0\n46363.28472222222,300,1\n46363.28819444445,600,2\n46363.29513888889,1200,0\n')
    member.find_element(By.ID, "import-file").send_keys(events)
    submit(member, "#import-form")
    ms.until(lambda d: "Imported 4 bouts" in d.find_element(By.ID, "import-status").text or "Nothing" in d.find_element(By.ID, "import-status").text)
    status = member.find_element(By.ID, "import-status").text
    check("Imported 4 bouts" in status, f"the activPAL upload is imported with progress shown ({status})")
    check_page(member, "m2-sitting-import", dark_too=True)
    member.get(base + "/sitting?date=2026-12-07")
    check("Sitting <strong>2 h 10 min</strong>" in member.page_source, "the sitting page counts the hour by hand and the imported 70 minutes")

    # The clinician sees the first session and the sitting day.
    clinic.get(team_url)
    check("ana@example.com" in clinic.page_source and "2026-12-07" in clinic.page_source, "the team overview shows the member's last session")
    week = clinic.find_elements(By.CSS_SELECTOR, "svg.chart title")
    check(any("ana@example.com: 1 of 7 sessions" in t.get_attribute("textContent") for t in week),
          "the team overview charts each member's sessions this week")
    check_page(clinic, "c2-team", dark_too=True)
    clinic.find_element(By.PARTIAL_LINK_TEXT, "ana@example.com").click()
    cs.until(lambda d: "Sitting (7 days)" in d.page_source)
    sitting = clinic.page_source.split("Sitting (7 days)")[1]
    row = re.search(r'<td data-label="Day">2026-12-07</td><td data-label="Sitting \(min\)">(\d+)(?:\.0)?</td>', sitting)
    check(row is not None and row.group(1) == "130", f"the clinician sees 130 min of sitting on the day ({row.group(1) if row else 'none'})")
    check(re.search(r'<td data-label="Week from">2026-12-07</td><td data-label="Sessions done">1</td><td data-label="Prescribed">7</td>',
                    clinic.page_source) is not None, "the clinician sees 1 of 7 sessions done this week")
    charts = [c.get_attribute("aria-label") for c in clinic.find_elements(By.CSS_SELECTOR, "svg.chart")]
    check(any("daily sitting" in c for c in charts) and any("Sessions done" in c for c in charts),
          f"the member page charts sitting per day and sessions per week ({charts})")
    check_page(clinic, "c3-member", dark_too=True)
    clinic.find_element(By.LINK_TEXT, "Handout").click()
    cs.until(lambda d: "for ana@example.com" in d.page_source)
    check("Hip thrust: 3 x 10" in clinic.page_source and "three seconds down" in clinic.page_source, "the member's handout has the dosage and notes")
    check_page(clinic, "c4-member-handout")
    member.get(base + "/progress")
    check_page(member, "m3-progress")
    clinic.quit(); member.quit()
finally:
    server.stop()

finish("clinician browser")
