// Downloads the file a download button just built (the tab's gr.File value, see ui/download_buttons.py) as the browser's own download.
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
