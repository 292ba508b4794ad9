// Scrolls the document view to the cited sentence (else section) once it has rendered (polls up to 5 s).
() => {
  let tries = 0;
  const go = () => {
    const el = document.querySelector('#doc-view mark.cited') || document.querySelector('#doc-view section.target');
    if (el) { el.scrollIntoView({block: 'center'}); document.querySelector('#doc-view nav.toc a.target')?.scrollIntoView({block: 'center'}); }
    else if (tries++ < 50) setTimeout(go, 100);
  };
  setTimeout(go, 100);
}
