/* A button marked data-print opens the browser's print dialog. A file of its own, because
 * the Content-Security-Policy forbids inline scripts (and so onclick attributes). */
(function () {
  "use strict";
  function wire() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
