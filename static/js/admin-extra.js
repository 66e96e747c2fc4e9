/* The admin's result list scrolls sideways on a phone: let a keyboard reach and scroll it
 * (a focusable region with a name), as the app's own wide tables do. */
(function () {
  "use strict";
  function label() {
    var heading = document.querySelector("#content h1");
    return heading ? heading.textContent.trim() : document.title;
  }
  function wire() {
    Array.prototype.forEach.call(document.querySelectorAll("#changelist .results"), function (box) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", label());
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
