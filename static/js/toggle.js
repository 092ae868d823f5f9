// Folding parts of a page on phones (the navigation, the task filters) without inline scripts (CSP).
// A button with data-toggle-target="#id" shows or hides that element by toggling Bootstrap's `show` class.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-toggle-target]");
  if (!button) return;
  var target = document.querySelector(button.getAttribute("data-toggle-target"));
  if (!target) return;
  var open = target.classList.toggle("show");
  button.setAttribute("aria-expanded", open ? "true" : "false");
});
