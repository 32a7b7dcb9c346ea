// The figure editor without reloads: slider values shown as they move, and the preview
// redrawn from the form a moment after the last change. The form works without this.
(function () {
  var form = document.getElementById("pose-form");
  if (!form) return;
  var figure = document.getElementById("pose-preview");
  var status = document.getElementById("preview-status");
  var timer = null, pending = null;
  function show(input) {
    var out = form.querySelector('output[for="' + input.id + '"]');
    if (out) out.textContent = input.value + "\u00b0";
  }
  function redraw() {
    var data = new URLSearchParams(new FormData(form));
    data.set("action", "preview");
    data.set("format", "svg");
    if (pending) pending.abort();
    pending = new AbortController();
    status.textContent = "Drawing\u2026";
    // Not form.action: the buttons named "action" shadow it.
    fetch(form.getAttribute("action"), { method: "POST", body: data, signal: pending.signal, credentials: "same-origin",
                         headers: { "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (r) { return r.text().then(function (text) { return { ok: r.ok, text: text }; }); })
      .then(function (answer) {
        if (!answer.ok) { status.textContent = "Cannot draw this yet: " + answer.text; return; }
        var img = figure.querySelector("img");
        if (!img) {
          img = document.createElement("img");
          img.alt = "Preview of the figure";
          img.width = 640; img.height = 400;
          figure.insertBefore(img, status);
          var empty = figure.querySelector("p"); if (empty) empty.remove();
        }
        img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(answer.text);
        status.textContent = "";
      })
      .catch(function (e) { if (e.name !== "AbortError") status.textContent = "The preview did not load."; });
  }
  form.addEventListener("input", function (event) {
    if (event.target.type === "range") show(event.target);
    clearTimeout(timer);
    timer = setTimeout(redraw, 400);
  });
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(redraw, 400); });
})();
