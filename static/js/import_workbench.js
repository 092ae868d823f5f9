// Import workbench conveniences (the page works without them):
// - 拆分 splits where the cursor was last placed in that task's text, not at the middle sentence;
// - ticking 删除 greys the task at once.
(function () {
  "use strict";
  var form = document.getElementById("confirm-form");
  if (!form) { return; }
  var splitAt = document.getElementById("split-at");
  var cursor = {};

  function remember(event) {
    var area = event.target;
    if (!area.classList || !area.classList.contains("task-text-input")) { return; }
    var card = area.closest(".task-card");
    if (card) { cursor[card.dataset.row] = area.selectionStart; }
  }
  ["keyup", "click", "select", "focusout"].forEach(function (name) {
    form.addEventListener(name, remember);
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest(".split-button");
    if (!button) { return; }
    var at = cursor[button.dataset.row];
    splitAt.value = at === undefined ? "" : String(at);
  });

  function markDropped(box) {
    var card = box.closest(".task-card");
    if (card) { card.classList.toggle("task-dropped", box.checked); }
  }
  form.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("drop-check")) { markDropped(event.target); }
  });
  Array.prototype.forEach.call(form.querySelectorAll(".drop-check"), markDropped);
})();
