// The review queue: filter rows by text, sort by a column (click its heading again to reverse).
(function () {
  var table = document.getElementById("queue");
  if (!table) return;
  var body = table.tBodies[0], filter = document.getElementById("queue-filter"), count = document.getElementById("queue-count");
  function key(row, index, numeric) {
    var cell = row.cells[index], raw = cell.getAttribute("data-sort") || cell.textContent.trim();
    return numeric ? parseFloat(raw) : raw.toLowerCase();
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    if (!th.getAttribute("data-type")) return;
    th.style.cursor = "pointer";
    th.addEventListener("click", function () {
      var numeric = th.getAttribute("data-type") === "number", up = th.getAttribute("data-order") !== "asc";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, index, numeric), y = key(b, index, numeric);
        return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
      th.setAttribute("data-order", up ? "asc" : "desc");
    });
  });
  filter.addEventListener("input", function () {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var text = row.textContent.toLowerCase(), match = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    count.textContent = shown;
  });
})();
