// The session player on one page. Without JavaScript every form posts and the server
// redirects back to the player. With it, the forms are sent with fetch, the player part of
// the page the server answers with replaces the one shown (the server stays the source of
// truth), focus moves to the step now shown and a polite live region says what happened.
// Timers: the hold (pause and resume, a short changeover between sides) and the rest after a
// set; never both at once; the screen is kept awake while one runs, where the browser can.
(function () {
  "use strict";
  var CHANGEOVER = 5;   // seconds to switch sides between the two sides of a hold

  // Time runs at window.__sitlessTimeScale times real speed (1 unless a test speeds it up).
  function scale() { var s = Number(window.__sitlessTimeScale); return s > 0 ? s : 1; }
  function now() { return window.performance && performance.now ? performance.now() : Date.now(); }
  function $(id) { return document.getElementById(id); }

  function beep() {
    try {
      var ctx = new (window.AudioContext || window.webkitAudioContext)();
      var osc = ctx.createOscillator();
      osc.frequency.value = 880; osc.connect(ctx.destination); osc.start(); osc.stop(ctx.currentTime + 0.2);
    } catch (e) {}
  }
  function say(text) {
    try { if (window.speechSynthesis) window.speechSynthesis.speak(new SpeechSynthesisUtterance(text)); } catch (e) {}
  }

  // Keep the screen on while a timer runs; the browser drops the lock when the page is
  // hidden, so it is asked for again when the page is shown while a timer still runs.
  var wake = { wanted: false, sentinel: null, asking: false };
  function acquireWake() {
    wake.wanted = true;
    if (!navigator.wakeLock || wake.sentinel || wake.asking || document.visibilityState !== "visible") return;
    wake.asking = true;
    navigator.wakeLock.request("screen").then(function (sentinel) {
      wake.asking = false;
      if (!wake.wanted) { sentinel.release().catch(function () {}); return; }
      wake.sentinel = sentinel;
      sentinel.addEventListener("release", function () { if (wake.sentinel === sentinel) wake.sentinel = null; });
    }).catch(function () { wake.asking = false; });
  }
  function releaseWake() {
    wake.wanted = false;
    if (wake.sentinel) { var s = wake.sentinel; wake.sentinel = null; s.release().catch(function () {}); }
  }
  document.addEventListener("visibilitychange", function () {
    if (wake.wanted && document.visibilityState === "visible") acquireWake();
  });

  // A countdown from `seconds` that can pause. `show(left)` gets each whole second left,
  // `done()` runs once at zero.
  var timers = [];
  function countdown(seconds, show, done) {
    var elapsed = 0, last = 0, id = null, shown = -1;
    function step() {
      var t = now();
      elapsed += (t - last) * scale(); last = t;
      var left = Math.max(0, Math.ceil(seconds - elapsed / 1000));
      if (left !== shown) { shown = left; show(left); }
      if (elapsed >= seconds * 1000) { stop(); done(); }
    }
    function start() { if (id === null) { last = now(); id = setInterval(step, 100); } awake(); }
    function stop() { if (id !== null) { clearInterval(id); id = null; } awake(); }
    var timer = { start: start, pause: stop, cancel: stop, running: function () { return id !== null; } };
    timers.push(timer);
    shown = seconds; show(seconds);
    return timer;
  }
  function awake() {
    if (timers.some(function (t) { return t.running(); })) acquireWake(); else releaseWake();
  }

  function setup() {
    timers.forEach(function (t) { t.cancel(); });
    timers = [];
    awake();
    var region = $("player-region");
    if (!region) return;

    // Steppers beside the reps (or seconds) field.
    Array.prototype.forEach.call(region.querySelectorAll(".stepper .step"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var input = $("amount");
        var value = (parseInt(input.value, 10) || 0) + parseInt(button.getAttribute("data-delta"), 10);
        input.value = Math.max(0, value);
      });
    });

    var hold = $("hold");
    var restBox = $("rest");
    var rest = null;
    function endRest() {
      if (rest) rest.cancel();
      rest = null;
      if (restBox) restBox.hidden = true;
      if (hold) hold.hidden = false;
    }

    if (hold) {
      var seconds = parseInt(hold.getAttribute("data-seconds"), 10);
      var sides = (hold.getAttribute("data-sides") || "").split("|").filter(function (s) { return s; });
      var turns = sides.length ? sides : ["Hold"];
      var sideEl = $("hold-side"), timeEl = $("hold-time"), start = $("hold-start"), pause = $("hold-pause");
      var phase = null;
      var show = function (left) { timeEl.textContent = left; };
      var run = function (i) {
        sideEl.textContent = turns[i];
        say(turns[i]);
        phase = countdown(seconds, show, function () {
          beep();
          if (i + 1 < turns.length) changeover(i + 1); else finished();
        });
        phase.start();
      };
      var changeover = function (i) {
        sideEl.textContent = "Switch sides: " + turns[i] + " next";
        say("Switch sides");
        phase = countdown(CHANGEOVER, show, function () { run(i); });
        phase.start();
      };
      var finished = function () {
        phase = null;
        sideEl.textContent = "Done: log the set below";
        say("Done");
        pause.hidden = true;
        start.hidden = false;
        var amount = $("amount");
        if (amount) amount.value = seconds;
      };
      start.addEventListener("click", function () {
        endRest();
        start.hidden = true;
        pause.hidden = false;
        pause.textContent = "Pause";
        run(0);
        pause.focus();
      });
      pause.addEventListener("click", function () {
        if (!phase) return;
        if (phase.running()) {
          phase.pause();
          pause.textContent = "Resume";
          hold.classList.add("paused");
        } else {
          phase.start();
          pause.textContent = "Pause";
          hold.classList.remove("paused");
        }
      });
    }

    var player = $("player");
    var restSeconds = player ? parseInt(player.getAttribute("data-rest"), 10) || 0 : 0;
    if (restSeconds > 0 && restBox) {
      var restTime = $("rest-time");
      restBox.hidden = false;
      if (hold) hold.hidden = true;   // rest first; the hold timer comes back when it ends
      rest = countdown(restSeconds, function (left) { restTime.textContent = left + " s"; }, function () { beep(); endRest(); });
      rest.start();
      $("rest-skip").addEventListener("click", endRest);
    }
  }

  // The forms of the player, sent without leaving the page.
  var status = $("player-status");
  function announce(text) {
    if (!status) return;
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50);
  }

  function replace(doc) {
    var region = $("player-region");
    var fresh = document.importNode(doc.getElementById("player-region"), true);
    region.parentNode.replaceChild(fresh, region);
    // The message and field errors sit in the layout, above the player.
    var main = $("main");
    ["flash", "errors"].forEach(function (name) {
      Array.prototype.forEach.call(main.querySelectorAll(":scope > ." + name), function (old) { old.remove(); });
    });
    var flash = doc.querySelector("#main > .flash");
    var errors = doc.querySelector("#main > .errors");
    if (flash) {
      var copy = document.importNode(flash, true);
      copy.removeAttribute("role");   // announced once, by the live region below
      main.insertBefore(copy, fresh);
    }
    if (errors) main.insertBefore(document.importNode(errors, true), fresh);
    document.title = doc.title;
    // The address is the player's own, without the rest of the answer it came from, so a
    // reload shows the same step (and does not start the rest again).
    var path = fresh.getAttribute("data-session");
    if (history.replaceState && path && location.pathname + location.search !== path) history.replaceState(null, "", path);
    setup();

    var heading = $("pain-stop-h") || $("ex-h") || $("all-done") || fresh.querySelector("h1, h2");
    var finishCheck = $("finish-check");
    var target = errors ? main.querySelector(":scope > .errors") : finishCheck ? finishCheck.querySelector("h2") : heading;
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
    var parts = [];
    if (flash) parts.push(flash.textContent.trim());
    var step = $("step-of");
    if (step && $("ex-h") && !$("pain-stop-h")) parts.push("Now " + $("ex-h").textContent.trim() + ": " + step.textContent.trim() + ".");
    if (parts.length) announce(parts.join(" "));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var region = $("player-region");
    if (!region || !region.contains(form) || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    if (!window.fetch || !window.DOMParser || !window.URLSearchParams) return;
    event.preventDefault();
    if (form.getAttribute("data-sending")) return;   // a second tap while the first is on its way
    form.setAttribute("data-sending", "1");
    // Buttons named "action" would shadow form.action: read the attribute.
    var action = form.getAttribute("action");
    var body = new URLSearchParams(new FormData(form));
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = true; });
    function ordinary() {
      // Post the form the ordinary way: the server answers as without JavaScript (a set's
      // key keeps a retried set from being logged twice).
      form.removeAttribute("data-sending");
      HTMLFormElement.prototype.submit.call(form);
    }
    fetch(action, { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        return response.text().then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          if (doc.getElementById("player-region")) { replace(doc); return; }
          // Finished: the summary. Anything else (an error page) as the browser would show it.
          if (response.redirected && response.ok) { location.assign(response.url); return; }
          ordinary();
        });
      })
      .catch(ordinary);
  });

  setup();
})();
