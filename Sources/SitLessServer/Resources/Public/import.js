// Uploads a wearable file with a progress bar, then follows the import until it is done.
(function () {
  var form = document.getElementById("import-form");
  if (!form) return;
  var bar = document.getElementById("import-progress");
  var status = document.getElementById("import-status");
  form.hidden = false;
  function say(text) { status.textContent = text; }
  function follow(url) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      var job;
      try { job = JSON.parse(xhr.responseText); } catch (e) { say("The import's status could not be read."); return; }
      if (job.error) { say(job.error.message); return; }
      bar.value = 50 + job.percent / 2;
      if (job.status === "done") {
        bar.value = 100;
        say("Imported " + job.bouts + " bouts (" + job.format + "). ");
        var link = document.createElement("a");
        link.href = "/sitting?date=" + job.firstDay;
        link.textContent = "See the first day";
        status.appendChild(link);
      } else if (job.status === "failed") {
        say("Nothing was imported: " + job.message);
      } else {
        say("Reading the file: " + job.percent + " %");
        setTimeout(function () { follow(url); }, 1000);
      }
    };
    xhr.onerror = function () { say("Lost the connection; reload the page to see the import's state."); };
    xhr.send();
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = document.getElementById("import-file").files[0];
    if (!file) { say("Choose a file first."); return; }
    var placement = document.getElementById("import-placement").value;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/sitting/imports?name=" + encodeURIComponent(file.name) + "&placement=" + encodeURIComponent(placement));
    xhr.setRequestHeader("X-CSRF-Token", form.getAttribute("data-csrf"));
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    bar.hidden = false;
    bar.value = 0;
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { bar.value = e.loaded / e.total * 50; say("Uploading: " + Math.round(e.loaded / e.total * 100) + " %"); }
    };
    xhr.onload = function () {
      var job;
      try { job = JSON.parse(xhr.responseText); } catch (e) { say("The upload failed (" + xhr.status + ")."); return; }
      if (xhr.status !== 202) { say("Nothing was imported: " + (job.error ? job.error.message : xhr.status)); return; }
      follow(xhr.getResponseHeader("Location"));
    };
    xhr.onerror = function () { say("The upload did not get through; nothing was imported."); };
    xhr.send(file);
  });
})();
