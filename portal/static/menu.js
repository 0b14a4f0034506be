// Small-screen helpers; every page works without them.
// 1. Narrow screens start with the main menu folded behind its "Menu" button (a <details>);
//    without JavaScript the menu simply stays open, as on wide screens.
// 2. Tables get class "stack" and a data-label per cell (its column heading), so the CSS
//    shows each row as a card on narrow screens; without JavaScript they stay tables.
(function () {
  var menu = document.getElementById("main-menu");
  if (menu && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 47.99rem)");
    var fit = function () { menu.open = !narrow.matches; };
    fit();
    narrow.addEventListener("change", fit);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("main table").forEach(function (table) {
      var heads = table.querySelectorAll("thead tr:last-child th");
      if (!heads.length) return;
      var labels = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (cell.tagName === "TD" && labels[index] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", labels[index]);
          }
        });
      });
      table.classList.add("stack");
    });
  });
})();
