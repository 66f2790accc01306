/* The upload preview: confirming a large document shows that the work is under way (the request
   stores the file and its units, which takes seconds) and keeps a second click from resending. */
(function () {
  "use strict";
  var form = document.querySelector("form.confirm-form");
  if (!form) return;
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    var status = document.getElementById("working");
    if (button) {
      window.setTimeout(function () { button.disabled = true; }, 0); // after the submit is sent
      button.setAttribute("aria-busy", "true");
    }
    document.querySelectorAll("#cancel").forEach(function (b) { b.disabled = true; });
    if (status) {
      status.textContent = form.dataset.working || "…";
      status.hidden = false;
    }
    document.body.classList.add("is-working");
  });
})();
