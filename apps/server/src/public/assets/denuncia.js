// Optional: /denuncia works without it. Counts characters and stops a double submission.
(() => {
  const d = document.getElementById('f-description');
  if (d?.dataset.counter) {
    const out = document.createElement('p');
    out.className = 'hint';
    out.setAttribute('aria-live', 'polite');
    const show = () => {
      out.textContent = d.dataset.counter.replace('{n}', String(d.value.trim().length));
    };
    d.after(out);
    d.addEventListener('input', show);
    show();
  }
  for (const f of document.querySelectorAll('form')) {
    f.addEventListener('submit', () => {
      const b = f.querySelector('button[type=submit]');
      if (!b) return;
      setTimeout(() => {
        b.disabled = true;
        if (f.dataset.sending) b.textContent = f.dataset.sending;
      });
    });
  }
})();
