/* The survey call to action, for a page built while the survey was open but
   read after it closed (plugins/survey_cta; README, "The survey call to
   action"). Reads the closing time from data-survey-closes and, once it has
   passed, hides everything marked data-survey-when="open" (the button, the
   prize draw form link) and shows what is marked data-survey-when="closed".
   Loaded with defer, only on pages that show the open call to action. With
   JavaScript off the page stays as built; the daily rebuild catches up. */
(function () {
  "use strict";
  var marked = document.querySelector("[data-survey-closes]");
  if (!marked) {
    return;
  }
  var closes = Date.parse(marked.getAttribute("data-survey-closes"));
  if (isNaN(closes)) {
    return;
  }

  function showClosed() {
    var parts = document.querySelectorAll("[data-survey-when]");
    for (var i = 0; i < parts.length; i += 1) {
      parts[i].hidden = parts[i].getAttribute("data-survey-when") !== "closed";
    }
  }

  var wait = closes - Date.now();
  if (wait <= 0) {
    showClosed();
  } else if (wait < 2147483647) {
    // A page left open in a tab across the closing time.
    window.setTimeout(showClosed, wait);
  }
})();
