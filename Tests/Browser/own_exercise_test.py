#!/usr/bin/env python3
"""A clinician's own exercise, end to end in real browsers: the clinician writes an exercise,
poses its figure with the keyboard in the figure editor, adds a photo, puts it in a routine
and assigns it; the member sees the animation and the photo in the session player and on the
handout; someone in another team gets 404 for the photo. Screenshots at 390 and 1280 px.
Usage: own_exercise_test.py PATH/TO/sitless [--screenshots DIR]"""
import os, re, struct, zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait, Select
from selenium.webdriver.support import expected_conditions as EC
from selenium.common.exceptions import WebDriverException

from harness import (Server, browser, check, check_page, finish, fits_phone, images_loaded, onboard, open_assignment,
                     sign_up, submit)

server = Server("sitless-own-", env={"SITLESS_NOW": "2026-12-07T15:00:00+01:00"})  # a Monday afternoon in Berlin
base = server.base

def png(path, width=240, height=160):
    """A real PNG (a green band on grey) with a text chunk naming a place, written by hand."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    rows = b"".join(b"\x00" + b"".join(b"\x30\x90\x60" if height // 3 < y < 2 * height // 3 else b"\xd0\xd6\xda"
                                       for _ in range(width)) for y in range(height))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Location\x00Hip clinic, 52.52N 13.40E") + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    open(path, "wb").write(data)

def status_of(driver, url):
    return driver.execute_script("return fetch(arguments[0]).then(r => r.status)", url)

try:
    server.wait()
    clinic, member, outsider = browser(), browser(), browser()
    cs, ms, os_ = (WebDriverWait(d, 30, ignored_exceptions=[WebDriverException]) for d in (clinic, member, outsider))

    # The clinician: account, clinician tools, a team, an invitation the member takes.
    clinic.get(base + "/signup"); sign_up(clinic, "pt@example.com"); onboard(clinic, cs)
    cs.until(lambda d: d.find_elements(By.TAG_NAME, "h1"))
    clinic.get(base + "/team"); submit(clinic, "form[action='/settings/clinician']")
    cs.until(lambda d: d.find_elements(By.CSS_SELECTOR, "form[action='/teams']"))
    clinic.find_element(By.ID, "name").send_keys("Hip clinic"); submit(clinic, "form[action='/teams']")
    cs.until(lambda d: "/teams/" in d.current_url)
    team_url = clinic.current_url
    submit(clinic, "form[action$='/invites']")
    cs.until(lambda d: d.find_elements(By.CSS_SELECTOR, "strong.code"))
    link = re.search(r"http://[^<\s]+/join/[A-Z0-9-]+", clinic.page_source).group(0)
    member.get(link); ms.until(EC.url_contains("/signin"))
    member.find_element(By.LINK_TEXT, "Create an account").click(); ms.until(EC.url_contains("/signup"))
    sign_up(member, "ana@example.com"); onboard(member, ms); ms.until(EC.url_contains("/join/"))
    submit(member, "form[action='/join']"); ms.until(EC.url_contains("/team"))

    # Someone in another team.
    outsider.get(base + "/signup"); sign_up(outsider, "other@example.com"); onboard(outsider, os_)
    os_.until(lambda d: d.find_elements(By.TAG_NAME, "h1"))
    outsider.get(base + "/team"); submit(outsider, "form[action='/settings/clinician']")
    os_.until(lambda d: d.find_elements(By.CSS_SELECTOR, "form[action='/teams']"))
    outsider.find_element(By.ID, "name").send_keys("Other clinic"); submit(outsider, "form[action='/teams']")
    os_.until(lambda d: "/teams/" in d.current_url)

    # The clinician writes an exercise, starting its figure from the glute bridge's poses.
    clinic.get(base + "/team")
    clinic.find_element(By.LINK_TEXT, "Your exercises").click()
    cs.until(EC.url_contains("/team/exercises"))
    check_page(clinic, "o0-own-exercises")
    clinic.find_element(By.LINK_TEXT, "New exercise").click()
    cs.until(lambda d: d.find_elements(By.ID, "own-exercise"))
    clinic.find_element(By.ID, "name").send_keys("Bridge with a ball squeeze")
    clinic.find_element(By.ID, "summary").send_keys("A glute bridge squeezing a soft ball between the knees.")
    clinic.find_element(By.ID, "how").send_keys("Lie on your back, knees bent, a ball between them.\nSqueeze the ball and lift your hips.\nLower slowly.")
    clinic.find_element(By.ID, "feel").send_keys("Buttocks and inner thighs.")
    clinic.find_element(By.ID, "fault-1").send_keys("Arching the lower back.")
    clinic.find_element(By.ID, "fix-1").send_keys("Lift only until hips and thighs make a line.")
    Select(clinic.find_element(By.ID, "position")).select_by_value("supine")
    for name in ["muscle-gluteus-maximus", "equipment-mat"]:
        clinic.execute_script("arguments[0].click()", clinic.find_element(By.NAME, name))
    Select(clinic.find_element(By.ID, "figure")).select_by_value("glute-bridge")
    check_page(clinic, "o1-own-exercise-form")
    submit(clinic, "#own-exercise")
    cs.until(lambda d: "/library/own-" in d.current_url)
    exercise_url = clinic.current_url
    exercise_id = exercise_url.rsplit("/", 1)[1]
    check("Added Bridge with a ball squeeze" in clinic.page_source, "the clinician's exercise is saved and shown")

    # The figure editor, by keyboard: pose 2's hips lift 5 degrees more (less hip flexion).
    clinic.get(base + f"/team/exercises/{exercise_id}/poses")
    cs.until(lambda d: d.find_elements(By.ID, "pose-form"))
    clinic.execute_script("document.querySelectorAll('main details').forEach(d => d.open = true)")
    slider = clinic.find_element(By.ID, "pose-2-tilt")
    before = int(slider.get_attribute("value"))
    slider.send_keys(Keys.ARROW_LEFT * 3)
    after = int(slider.get_attribute("value"))
    check(after == before - 3, f"a joint slider moves by keyboard ({before} -> {after})")
    out = clinic.find_element(By.CSS_SELECTOR, "output[for='pose-2-tilt']").text
    check(out == f"{after}°", f"the slider's value is shown as it moves ({out})")
    try:
        cs.until(lambda d: d.find_element(By.CSS_SELECTOR, "#pose-preview img").get_attribute("src").startswith("data:image/svg+xml;charset"))
    except Exception:
        pass
    preview = clinic.find_element(By.CSS_SELECTOR, "#pose-preview img").get_attribute("src")
    check(preview.startswith("data:image/svg+xml;charset"),
          f"the preview redraws without a reload ({clinic.find_element(By.ID, 'preview-status').text or preview[:40]})")
    check_page(clinic, "o2-pose-editor", dark_too=True)
    clinic.find_element(By.ID, "save-figure").click()
    cs.until(lambda d: "Saved the figure" in d.page_source)
    check(True, "the posed figure is saved")

    # A photo, by its bytes, with the place removed.
    photo = os.path.join(server.tmp, "bridge.png"); png(photo)
    cs.until(lambda d: d.find_element(By.ID, "media-form").is_displayed())
    clinic.find_element(By.ID, "media-file").send_keys(photo)
    clinic.find_element(By.ID, "media-description").send_keys("Ball between the knees, hips up")
    submit(clinic, "#media-form")
    cs.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".media-item img"))
    photo_url = clinic.find_element(By.CSS_SELECTOR, ".media-item img").get_attribute("src")
    check("/media/" in photo_url, "the photo shows on the exercise page")
    served = clinic.execute_script("return fetch(arguments[0]).then(r => r.text())", photo_url)
    check("52.52N" not in served, "the served photo no longer names the place")
    check_page(clinic, "o3-own-exercise-page")

    # A routine with it, assigned to the member for every day.
    clinic.get(base + "/routines")
    clinic.find_element(By.ID, "name").send_keys("Clinic bridge"); clinic.find_element(By.ID, "create-routine").click()
    cs.until(lambda d: d.find_elements(By.ID, "add-exercise"))
    Select(clinic.find_element(By.ID, "exercise")).select_by_value(exercise_id)
    clinic.find_element(By.ID, "add-exercise").click()
    cs.until(lambda d: "Bridge with a ball squeeze" in d.find_element(By.TAG_NAME, "section").text)
    check_page(clinic, "o3b-routine")
    open_assignment(clinic, cs, team_url, "ana@example.com")
    Select(clinic.find_element(By.ID, "plan")).select_by_visible_text("Your routine: Clinic bridge")
    submit(clinic, "form[action$='/assign']")
    cs.until(lambda d: "Assigned Clinic bridge" in d.page_source)
    check(True, "the clinician assigns the routine with their exercise")

    # The member: the player shows the animation and the photo.
    member.get(base + "/")
    member.find_element(By.ID, "start-session").click()
    ms.until(lambda d: d.find_elements(By.ID, "set-form"))
    check("Bridge with a ball squeeze" in member.find_element(By.ID, "ex-h").text, "the member's session holds the clinician's exercise")
    ms.until(lambda d: images_loaded(d, ".player-demo img") == [1, 1] and images_loaded(d, "#player .media-item img") == [1, 1])
    animation = member.find_element(By.CSS_SELECTOR, ".player-demo img").get_attribute("src")
    check(f"/exercises/{exercise_id}/demonstration.svg" in animation, "the player shows the exercise's animation")
    check("<animate" in member.execute_script("return fetch(arguments[0]).then(r => r.text())", animation), "the animation moves")
    check(member.find_element(By.CSS_SELECTOR, "#player .media-item img").get_attribute("src") == photo_url, "the player shows the photo")
    check(fits_phone(member), "the player fits a 390 px screen")
    check_page(member, "o4-member-player")
    # Finishing with the exercise not done asks first.
    member.find_element(By.ID, "finish").click()
    ms.until(lambda d: d.find_elements(By.ID, "finish-check"))
    check("Bridge with a ball squeeze" in member.find_element(By.ID, "finish-check").text, "finishing early names the exercise not done")
    check_page(member, "o4b-finish-check")
    member.get(base + "/plan/handout")
    ms.until(lambda d: images_loaded(d, ".stills")[0] > 0 and images_loaded(d, ".stills")[0] == images_loaded(d, ".stills")[1])
    check(images_loaded(member, ".handout-photo")[1] > 0, "the handout shows the photo")
    check(f"/exercises/{exercise_id}/stills.svg" in member.page_source, "the handout shows the key poses")
    check(fits_phone(member), "the handout fits a 390 px screen")
    check_page(member, "o5-member-handout")

    # Another team: 404 for the photo, the drawings and the exercise.
    outsider.get(base + "/library")
    check(status_of(outsider, photo_url) == 404, "someone in another team gets 404 for the photo")
    check(status_of(outsider, base + f"/exercises/{exercise_id}/demonstration.svg") == 404, "... and for the drawing")
    check(status_of(outsider, exercise_url) == 404, "... and for the exercise")
    clinic.quit(); member.quit(); outsider.quit()
finally:
    server.stop()

finish("own exercise browser")
