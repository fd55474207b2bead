/* The item page's keys: J next item, K previous item, A accept the proposed score and save.
   Keys typed into the form's fields are left alone. No network beyond this workbench. */
(function () {
  "use strict";
  var form = document.getElementById("decide");
  var accept = document.getElementById("accept");
  function go(id) { var a = document.getElementById(id); if (a) { location.href = a.href; } }
  function acceptProposal() {
    if (!accept || !form) { return; }
    document.getElementById("score").value = accept.getAttribute("data-score");
    document.getElementById("accept-field").value = "1";
    form.submit();
  }
  if (accept) { accept.addEventListener("click", acceptProposal); }
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT"))) { return; }
    var k = e.key.toLowerCase();
    if (k === "j") { go("next"); } else if (k === "k") { go("prev"); } else if (k === "a") { acceptProposal(); } else { return; }
    e.preventDefault();
  });
})();
