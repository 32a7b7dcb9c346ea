// Counts down to the next break and, if allowed, shows a browser notification when it is due.
// The visible countdown changes every second and is not a live region (a screen reader would
// read it out every second); the hidden status line next to it speaks only when a break
// becomes due.
(function () {
  var el = document.getElementById("countdown");
  var status = document.getElementById("break-status");
  var button = document.getElementById("notify");
  if (!el) return;
  var due = new Date(el.getAttribute("data-due"));
  var notified = false;
  var announced = false;
  // Offered while sitting (the page only has the button then), when the browser can notify
  // and has not been told yes or no yet.
  if (button && "Notification" in window && Notification.permission === "default") {
    button.hidden = false;
    button.addEventListener("click", function () {
      Notification.requestPermission().then(function () { button.hidden = true; });
    });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.round((due - new Date()) / 1000);
    if (left > 0) {
      el.textContent = "Next break in " + Math.floor(left / 60) + ":" + pad(left % 60) + ".";
    } else {
      el.textContent = "Time for a break: stand up and move for 2 minutes.";
      if (!announced && status) {
        status.textContent = "Time for a break: stand up and move for 2 minutes.";
        announced = true;
      }
      if (!notified && "Notification" in window && Notification.permission === "granted") {
        new Notification("SitLess", { body: "You have been sitting a while. Time for a 2-minute break." });
        notified = true;
      }
    }
  }
  tick();
  setInterval(tick, 1000);
})();
