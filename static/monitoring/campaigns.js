// The campaign page follows its background jobs: while a mailing or a slip sheet is in progress the page
// reloads itself every few seconds (the server marks it with data-refresh-seconds), and stops when done.
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
