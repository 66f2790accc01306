// Follow a background job's progress: the plan page after an upload (until the year is ready), and
// a large series download (data-follow: when the file is ready, fetch it from data-done-url).
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var count = box.querySelector(".job-count");
  var message = box.querySelector(".job-message");
  function finish(job) {
    var ok = job.state === "succeeded";
    box.classList.add(ok ? "job-done" : "job-failed");
    box.querySelector(".job-title").textContent = ok ? box.dataset.doneText : box.dataset.failedText;
    var link = box.querySelector(".job-link");
    link.href = box.dataset.doneUrl;  // the page again, with its links across years
    box.querySelector(".job-note").replaceChildren(link);
    if (ok && box.dataset.follow) { window.location.href = box.dataset.doneUrl; }
  }
  function poll() {
    fetch(box.dataset.jobUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) { setTimeout(poll, 3000); return; }
        var p = job.progress || {};
        if (p.total) { bar.max = p.total; }
        bar.value = p.done || 0;
        count.textContent = (p.done || 0) + "/" + (p.total || "?");
        message.textContent = job.message_localized || job.message || "";
        if (job.state === "succeeded" || job.state === "failed" || job.state === "cancelled") {
          finish(job);
          return;
        }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
