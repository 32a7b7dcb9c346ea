// Uploads a photo or video of an exercise as the request body, with a progress bar.
(function () {
  var form = document.getElementById("media-form");
  if (!form) return;
  form.hidden = false;
  var bar = document.getElementById("media-progress");
  var status = document.getElementById("media-status");
  function say(text) { status.textContent = text; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = document.getElementById("media-file").files[0];
    var description = document.getElementById("media-description").value.trim();
    if (!file) { say("Choose a photo or video first."); return; }
    if (!description) { say("Say in a few words what it shows."); return; }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("data-action") + "?description=" + encodeURIComponent(description));
    xhr.setRequestHeader("X-CSRF-Token", form.getAttribute("data-csrf"));
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    bar.hidden = false;
    bar.value = 0;
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { bar.value = e.loaded / e.total * 100; say("Uploading: " + Math.round(e.loaded / e.total * 100) + " %"); }
    };
    xhr.onload = function () {
      var answer;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { say("The upload failed (" + xhr.status + ")."); return; }
      if (xhr.status !== 201) { say("Not added: " + (answer.error ? answer.error.message : xhr.status)); return; }
      say("Added." + (answer.removed.length ? " Removed: " + answer.removed.join(", ") + "." : ""));
      window.location.reload();
    };
    xhr.onerror = function () { say("The upload did not get through; nothing was added."); };
    xhr.send(file);
  });
})();
