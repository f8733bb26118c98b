// The layout audit shared by the tests: one <h1>, no sideways scrolling, a
// visible label for every input, a name for every button and link, touch
// targets of at least 44 px.

/// Everything wrong with the current screen, as readable lines.
export async function audit(page) {
  return page.evaluate(() => {
    const problems = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const h1 = [...document.querySelectorAll('h1')].filter(visible);
    if (h1.length !== 1) problems.push(`${h1.length} заголовков h1`);
    if (document.documentElement.scrollWidth > window.innerWidth) {
      problems.push(`горизонтальная прокрутка: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    }
    // A file input is hidden behind its label, which is the button a user
    // taps: the input still needs that visible label.
    const hidden = (el) => el.classList.contains('visually-hidden');
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (!visible(el) && !hidden(el)) continue;
      const labels = [...(el.labels || [])].filter((l) => visible(l) && l.textContent.trim());
      if (!labels.length) problems.push(`поле без видимой подписи: ${el.id || el.name}`);
    }
    for (const el of document.querySelectorAll('button, a')) {
      if (!visible(el)) continue;
      const name = (el.getAttribute('aria-label') || el.textContent || '').trim();
      if (!name) problems.push(`${el.tagName} без названия`);
    }
    for (const a of document.querySelectorAll('nav a')) {
      const r = a.getBoundingClientRect();
      if (visible(a) && (r.left < 0 || r.right > window.innerWidth)) {
        problems.push(`ссылка за краем экрана: ${a.textContent.trim()}`);
      }
    }
    const targets = 'button, a.button, label.button, .card-link, nav a, .crumbs a, select, textarea, input:not([type=checkbox])';
    for (const el of document.querySelectorAll(targets)) {
      if (!visible(el) || hidden(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.height < 44 || r.width < 44) {
        problems.push(`мелкая цель ${Math.round(r.width)}×${Math.round(r.height)}: ${(el.getAttribute('aria-label') || el.textContent || el.id).trim().slice(0, 40)}`);
      }
    }
    return problems;
  });
}

/// axe-core's critical and serious findings on the current screen, as
/// readable lines (rule, impact, the elements).
export async function axe(page) {
  const { AxeBuilder } = await import('@axe-core/playwright');
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/// Both audits of the current screen.
export async function auditAll(page) {
  return [...(await audit(page)), ...(await axe(page))];
}
