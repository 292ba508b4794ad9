// Clicking a citation (a.cite-link in the result cards) opens the 文档 tab at that place.
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
}
