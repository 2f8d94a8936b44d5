// Keeps a registrar import's progress bar current by asking its status endpoint, and shows the result page once the run is over.
(() => {
  const box = document.querySelector('[data-status-url]');
  if (!box) return;
  const bar = box.querySelector('progress');
  const done = box.querySelector('[data-run-done]');
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (response.ok) {
        const status = await response.json();
        bar.max = Math.max(status.total, 1);
        bar.value = status.done;
        done.textContent = status.done;
        if (status.state === 'done' || status.state === 'failed') {
          window.location.reload();
          return;
        }
      }
    } catch {
      // A dropped request: the next one tries again.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 500);
})();
