// A handout's Print button: hidden in the page (no use without scripts) and shown here.
// A file of its own: the Content-Security-Policy allows no inline scripts.
(function () {
  var button = document.getElementById("print");
  if (!button || !window.print) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
