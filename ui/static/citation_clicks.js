// Clicking a citation (a.cite-link in the result cards and the 统计 table) opens the 文档 tab at that
// place; clicking a header of the 统计 table sorts it.
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.cite-link');
    if (!link) return;
    event.preventDefault();
    const box = document.querySelector('#goto-target textarea');
    if (!box) return;
    box.value = link.dataset.target + '|' + Date.now();  // a new value each click fires change
    box.dispatchEvent(new Event('input', {bubbles: true}));
  });
  // Clicking a header of the 统计 table (th[data-col]) sorts its rows by that column; again, reverse.
  document.addEventListener('click', (event) => {
    const th = event.target.closest('table.stats th[data-col]');
    if (!th) return;
    const table = th.closest('table');
    const col = Number(th.dataset.col);
    const down = th.dataset.dir !== 'desc';
    table.querySelectorAll('th').forEach((h) => { delete h.dataset.dir; });
    th.dataset.dir = down ? 'desc' : 'asc';
    const key = (row) => {
      const cell = row.children[col];
      return cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent;
    };
    const numeric = th.dataset.num === '1';
    const rows = Array.from(table.tBodies[0].rows);
    rows.sort((a, b) => {
      const x = key(a), y = key(b);
      if (x === '' || y === '') return (x === '') - (y === '');  // unstated figures last
      const c = numeric ? Number(x) - Number(y) : String(x).localeCompare(String(y), 'zh');
      return down ? -c : c;
    });
    rows.forEach((r) => table.tBodies[0].appendChild(r));
  });
}
