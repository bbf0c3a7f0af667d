// The import's progress bar: polls the import's status while its job runs, then reloads to show the result.
(function () {
  "use strict";
  var section = document.querySelector("[data-status-url]");
  if (!section) return;
  var bar = section.querySelector(".bulk-progress");
  var text = section.querySelector(".bulk-progress-text");
  var status = section.querySelector(".bulk-progress-status");
  var template = text.textContent;
  var done = text.textContent.match(/\d+/g) || [];

  function show(data) {
    bar.value = data.percent;
    bar.textContent = data.percent + " %";
    if (done.length >= 2) {
      text.textContent = template.replace(done[0], String(data.processed)).replace(done[1], String(data.total));
    }
    status.textContent = data.status_label;
  }

  function poll() {
    fetch(section.getAttribute("data-status-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        show(data);
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 500);
})();
