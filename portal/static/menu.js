// Small-screen helpers; every page works without them.
// 1. Narrow screens start with the main menu folded behind its "Menu" button (a <details>);
//    without JavaScript the menu simply stays open, as on wide screens.
// 2. Tables get class "stack" and a data-label per cell (its column heading), so the CSS
//    shows each row as a card on narrow screens; explicit roles keep the table semantics
//    that display:block would otherwise drop.
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
      table.setAttribute("role", "table");
      table.querySelectorAll("tr").forEach(function (row) {
        row.setAttribute("role", "row");
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (cell.tagName === "TH") {
            cell.setAttribute("role", cell.getAttribute("scope") === "row" ? "rowheader" : "columnheader");
          } else {
            cell.setAttribute("role", "cell");
            if (labels[index] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", labels[index]);
          }
        });
      });
      table.querySelectorAll("thead, tbody, tfoot").forEach(function (group) { group.setAttribute("role", "rowgroup"); });
      table.classList.add("stack");
    });
  });
})();
