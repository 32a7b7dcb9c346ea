// Fills the hidden time-zone field with the browser's IANA zone.
(function () {
  var field = document.getElementById("timeZone");
  if (field && !field.value) {
    try { field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
  }
})();
