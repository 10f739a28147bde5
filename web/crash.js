// The crash screen's buttons (see web/src/crash.rs): plain JavaScript, because after a
// panic the wasm module can run no more code. "Download AOF" reads the stored log from
// IndexedDB (the chunks of the "log" object store, in key order) as appendonly.aof.
function storedLog(name) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction('log').objectStore('log').getAll();
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        db.close();
        resolve(new Blob(request.result, { type: 'application/octet-stream' }));
      };
    };
  });
}

document.addEventListener('click', async (event) => {
  const button = event.target.closest?.('[data-crash-action]');
  if (!button) return;
  if (button.dataset.crashAction === 'reload') {
    location.reload();
    return;
  }
  const url = URL.createObjectURL(await storedLog(button.dataset.store));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'appendonly.aof';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
});
