// Opt-in trace for hunting a flaky browser test: with EINBLICK_TRACE=1 the page logs, with the
// time and the client's frame number, every focus change, key, click, the page's focus and
// activation requests to the client, and the client's operations that remove, move or focus an
// element (or touch the focused one). The lines land in the artifacts' console.log.
export async function installTrace(page) {
  if (!process.env.EINBLICK_TRACE) return;
  await page.addInitScript(() => {
    const t = () => `${performance.now().toFixed(0)} #${window.Module ? window.Module.einblickFrames : '-'}`;
    const name = (el) => (el && el.getAttribute
      ? `${el.tagName}:${(el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30)}` : String(el));
    const out = (line) => console.log(`TRACE ${t()} ${line}`);
    document.addEventListener('focusin', (e) => out(`focusin ${name(e.target)}`), true);
    document.addEventListener('focusout', (e) => out(`focusout ${name(e.target)} -> ${name(e.relatedTarget)}`), true);
    window.addEventListener('keydown', (e) => out(`keydown ${e.key} on ${name(e.target)}`), true);
    document.addEventListener('click', (e) => out(`click ${name(e.target)}`), true);
    const hook = () => {
      if (!window.einblickA11y || !window.Module || !window.Module.calledRun) {
        requestAnimationFrame(hook);
        return;
      }
      const apply = window.einblickA11y.apply;
      window.einblickA11y.apply = (json) => {
        const active = document.activeElement;
        for (const op of JSON.parse(json)) {
          const el = document.getElementById(`a11y-${op.id}`);
          if (['f', 'm', 'r'].includes(op.k) || (el && el.contains(active))) {
            out(`op ${op.k} ${name(el)}${op.s !== undefined ? ` s=${op.s}` : ''}`);
          }
        }
        return apply(json);
      };
      for (const fn of ['_einblick_a11y_focus', '_einblick_a11y_activate']) {
        const real = window.Module[fn];
        window.Module[fn] = (id, ...rest) => {
          out(`${fn.slice(14)} ${name(document.getElementById(`a11y-${id}`))}`);
          return real(id, ...rest);
        };
      }
    };
    requestAnimationFrame(hook);
  });
}
