// Downloads the file the export button just built (the 对比 tab's gr.File value) as the browser's own download.
(file) => {
  const one = Array.isArray(file) ? file[0] : file;
  if (!one || !one.url) return;
  const a = document.createElement('a');
  a.href = one.url;
  a.download = one.orig_name || one.url.split('/').pop().split('?')[0];
  document.body.appendChild(a);
  a.click();
  a.remove();
}
