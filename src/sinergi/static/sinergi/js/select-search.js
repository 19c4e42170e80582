// A search box for long drop-downs: every <select data-search="placeholder"> gets a text input
// before it that hides the options whose label does not contain what is typed (case and
// accents ignored). The selected option always stays. No dependency, no inline script (CSP).
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function attach(select) {
    if (select.dataset.searchReady) return;
    select.dataset.searchReady = "1";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-1";
    input.placeholder = select.dataset.search || "";
    input.setAttribute("aria-label", select.dataset.search || "");
    input.setAttribute("aria-controls", select.id || "");
    select.parentNode.insertBefore(input, select);
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      Array.prototype.forEach.call(select.options, function (option) {
        var keep = !wanted || option.selected || option.value === "" || fold(option.text).indexOf(wanted) !== -1;
        option.hidden = !keep;
      });
    });
  }
  function init(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("select[data-search]"), attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); });
  } else {
    init();
  }
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
