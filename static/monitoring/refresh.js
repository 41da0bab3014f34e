// A page that follows a background job (a mailing, a slip sheet, a справка) reloads itself every few seconds
// while the job runs: the server marks it with data-refresh-seconds, and stops marking it when done.
(function () {
  "use strict";
  var marked = document.querySelector("[data-refresh-seconds]");
  if (!marked) {
    return;
  }
  var seconds = parseInt(marked.getAttribute("data-refresh-seconds"), 10) || 3;
  window.setTimeout(function () {
    window.location.reload();
  }, seconds * 1000);
})();
