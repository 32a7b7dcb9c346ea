// Hold and rest timers for the session player. The page works without them: the set form
// is always there; the timers only count and announce sides.
(function () {
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
  function countdown(seconds, show, done) {
    var left = seconds;
    show(left);
    var timer = setInterval(function () {
      left -= 1;
      show(left);
      if (left <= 0) { clearInterval(timer); done(); }
    }, 1000);
    return timer;
  }

  var hold = document.getElementById("hold");
  if (hold) {
    var seconds = parseInt(hold.getAttribute("data-seconds"), 10);
    var sides = (hold.getAttribute("data-sides") || "").split("|").filter(function (s) { return s; });
    var sideEl = document.getElementById("hold-side");
    var timeEl = document.getElementById("hold-time");
    var start = document.getElementById("hold-start");
    start.addEventListener("click", function () {
      start.disabled = true;
      var turns = sides.length ? sides : ["Hold"];
      var i = 0;
      function next() {
        sideEl.textContent = turns[i];
        say(turns[i]);
        countdown(seconds, function (left) { timeEl.textContent = left; }, function () {
          beep();
          i += 1;
          if (i < turns.length) { next(); } else {
            sideEl.textContent = "Done: log the set below";
            say("Done");
            start.disabled = false;
            var amount = document.getElementById("amount");
            if (amount) amount.value = seconds;
          }
        });
      }
      next();
    });
  }

  var player = document.getElementById("player");
  var rest = player ? parseInt(player.getAttribute("data-rest"), 10) : 0;
  if (rest > 0) {
    var box = document.getElementById("rest");
    var restTime = document.getElementById("rest-time");
    box.hidden = false;
    var timer = countdown(rest, function (left) { restTime.textContent = left + " s"; }, function () {
      beep(); box.hidden = true;
    });
    document.getElementById("rest-skip").addEventListener("click", function () { clearInterval(timer); box.hidden = true; });
  }
})();
