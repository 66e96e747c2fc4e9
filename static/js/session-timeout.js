/* Warns before the server ends an idle session, and lets the user stay signed in.
 *
 * The server renders #session-timeout with the seconds left (data-remaining), which limit
 * ends the session first ("idle" or "absolute") and how long before the end to warn
 * (data-warning). This script never extends the session by itself: before warning it asks
 * the status endpoint (which does not count as activity) whether another tab has been
 * active meanwhile; only the "Stay signed in" button extends the session.
 */
(function () {
  "use strict";

  var box = document.getElementById("session-timeout");
  if (!box || !window.fetch) {
    return;
  }
  var warningMs = Number(box.dataset.warning) * 1000;
  var deadline = Date.now() + Number(box.dataset.remaining) * 1000;
  var limit = box.dataset.limit;
  var stayButton = box.querySelector(".session-stay");
  var leaveButton = box.querySelector(".session-leave");
  var csrfInput = box.querySelector("input[name=csrfmiddlewaretoken]");
  var timer = null;
  var ticker = null;

  function formatSeconds(totalSeconds) {
    var seconds = Math.max(0, Math.ceil(totalSeconds));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function leave() {
    var here = window.location.pathname + window.location.search;
    window.location.assign(box.dataset.loginUrl + "?next=" + encodeURIComponent(here));
  }

  function hide() {
    box.hidden = true;
    window.clearInterval(ticker);
    ticker = null;
  }

  function tick() {
    var leftMs = deadline - Date.now();
    box.querySelectorAll(".countdown").forEach(function (node) {
      node.textContent = formatSeconds(leftMs / 1000);
    });
    if (leftMs <= 0) {
      window.clearInterval(ticker);
      ticker = null;
      check();
    }
  }

  function show() {
    box.querySelectorAll("[data-limit-text]").forEach(function (node) {
      node.hidden = node.dataset.limitText !== limit;
    });
    // Staying cannot move the absolute limit, so only logging out is offered then.
    stayButton.hidden = limit !== "idle";
    var wasHidden = box.hidden;
    box.hidden = false;
    tick();
    if (ticker === null) {
      ticker = window.setInterval(tick, 1000);
    }
    if (wasHidden) {
      (limit === "idle" ? stayButton : leaveButton).focus();
    }
  }

  function schedule() {
    window.clearTimeout(timer);
    var wait = deadline - warningMs - Date.now();
    timer = window.setTimeout(check, Math.max(0, wait));
  }

  function apply(state) {
    if (!state.authenticated) {
      leave();
      return;
    }
    deadline = Date.now() + state.remaining * 1000;
    limit = state.limit;
    if (state.remaining <= 0) {
      leave();
    } else if (state.remaining * 1000 > warningMs) {
      hide();
      schedule();
    } else {
      // The countdown asks again when it reaches zero.
      window.clearTimeout(timer);
      show();
    }
  }

  function request(url, options) {
    return window
      .fetch(url, Object.assign({ credentials: "same-origin", headers: {} }, options))
      .then(function (response) {
        return response.json();
      });
  }

  function check() {
    request(box.dataset.statusUrl, { headers: { Accept: "application/json" } })
      .then(apply)
      .catch(function () {
        // The server could not say: count on the time the page was given.
        if (Date.now() >= deadline) {
          leave();
        } else {
          show();
        }
      });
  }

  stayButton.addEventListener("click", function () {
    request(box.dataset.extendUrl, {
      method: "POST",
      headers: { Accept: "application/json", "X-CSRFToken": csrfInput.value },
    })
      .then(apply)
      .catch(leave);
  });

  // Timers in a hidden tab may be slowed down: look again when the tab comes back.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      check();
    }
  });

  schedule();
})();
