/**
 * Issue 14, section 2, acceptance: at 1366×768 and 1920×1080, on every tab, no cell, badge or
 * control has its content cut (its text wider than its box, unless a tooltip holds the whole
 * text), and controls of one kind (button, drop-down, text box) look the same on every screen:
 * same font, height, padding and border. A screenshot of each screen at each size is kept in
 * test-results/design-<width>-<tab>.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, openApp, screenshot, watchErrors, type App } from './support';

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

let app: App;

beforeAll(async () => {
  app = await openApp(demoDatabase(300, 3));
}, 400_000);

afterAll(() => app?.close());

interface Cut {
  what: string;
  text: string;
  need: number;
  has: number;
}

interface Look {
  kind: 'button' | 'select' | 'text';
  what: string;
  style: string;
}

/** What the page shows cut, and the look of each control, measured in the page. */
function measure(): { cuts: Cut[]; looks: Look[] } {
  const canvas = document.createElement('canvas').getContext('2d')!;
  const textWidth = (el: Element, text: string): number => {
    const cs = getComputedStyle(el);
    canvas.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    return canvas.measureText(text).width;
  };
  const describe = (el: Element): string => {
    const id = el.getAttribute('name') ?? el.getAttribute('aria-label') ?? '';
    return `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/u).join('.')}` : ''}${id ? `[${id}]` : ''}`;
  };
  const visible = (el: Element): boolean => (el as HTMLElement).checkVisibility?.() ?? true;
  const tooltipCovers = (el: Element, text: string): boolean => {
    const title = el.getAttribute('title') ?? el.closest('[title]')?.getAttribute('title') ?? '';
    return title.replace(/\s+/gu, ' ').includes(text.replace(/\s+/gu, ' ').trim());
  };
  const cuts: Cut[] = [];
  // Boxes of text: table cells, grid cells, badges, labels, buttons, tabs.
  for (const el of Array.from(document.querySelectorAll('td, th, [role="gridcell"], [role="columnheader"], .badge, button, .tab, label, .ui-field-label, .ef-label, .ef-codes, .ef-codelabel'))) {
    // A label kept for screen readers only (.visually-hidden) is not shown, so not cut.
    if (!visible(el) || el.closest('.visually-hidden')) continue;
    const box = el as HTMLElement;
    const text = (box.textContent ?? '').trim();
    if (!text) continue;
    const style = getComputedStyle(box);
    // Only a box that hides what overflows can cut its text.
    const hides = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
    const overflowing = box.scrollWidth > box.clientWidth + 1;
    // A badge is a few words: it is never cut, tooltip or not ("Không nghèo, không cận ng…").
    const strict = box.classList.contains('badge');
    if (hides && overflowing && (strict || !tooltipCovers(box, text))) cuts.push({ what: describe(box), text, need: box.scrollWidth, has: box.clientWidth });
    // A child wider than a box that clips: cut too.
    if (!hides && overflowing && box.tagName !== 'TD' && box.tagName !== 'TH' && !tooltipCovers(box, text)) {
      const clippingParent = box.closest('.cell, .roster-wrap, .table-scroll');
      if (clippingParent && clippingParent !== box) cuts.push({ what: describe(box), text, need: box.scrollWidth, has: box.clientWidth });
    }
  }
  // A drop-down shows its chosen option; a text box its value, or its placeholder.
  for (const el of Array.from(document.querySelectorAll('select:not([size]), input:not([type]), input[type="text"], input[type="search"], input[type="password"]'))) {
    if (!visible(el)) continue;
    const control = el as HTMLSelectElement | HTMLInputElement;
    const text = control instanceof HTMLSelectElement ? (control.selectedOptions[0]?.textContent ?? '') : control.value || control.placeholder;
    if (!text.trim()) continue;
    const cs = getComputedStyle(control);
    // A drop-down's arrow takes about 20 px of its inner width.
    const inner = control.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - (control instanceof HTMLSelectElement ? 20 : 0);
    const need = textWidth(control, text);
    if (need > inner + 1 && !tooltipCovers(control, text)) cuts.push({ what: describe(control), text, need: Math.ceil(need), has: Math.floor(inner) });
  }
  // The page itself scrolls sideways: something is clipped on the right.
  const root = document.scrollingElement!;
  if (root.scrollWidth > root.clientWidth + 1) cuts.push({ what: 'page', text: 'cuộn ngang', need: root.scrollWidth, has: root.clientWidth });
  for (const el of Array.from(document.querySelectorAll('.roster-wrap, .table-scroll, .shell > .screen *'))) {
    // A region that clips without a scroll bar hides what is on its right.
    const cs = getComputedStyle(el);
    if (cs.overflowX === 'hidden' && el.scrollWidth > el.clientWidth + 1 && cs.textOverflow !== 'ellipsis' && visible(el) && !(el as HTMLElement).title && !el.closest('.visually-hidden')) {
      const text = (el.textContent ?? '').trim().slice(0, 60);
      if (text && !el.matches('.badge, .cell, [role="gridcell"], td, th, button, label, .tab, .ui-field-label')) cuts.push({ what: describe(el), text, need: el.scrollWidth, has: el.clientWidth });
    }
  }

  // Text running off the window's right edge (no scroll bar brings it back).
  const screen = document.querySelector('.shell > .screen');
  for (const el of Array.from(screen?.querySelectorAll('*') ?? [])) {
    if (!visible(el) || el.closest('.visually-hidden')) continue;
    const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
    if (!ownText) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= window.innerWidth + 1) continue;
    let scroller: Element | null = el.parentElement;
    while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
    if (!scroller || scroller === document.documentElement) cuts.push({ what: describe(el), text: (el.textContent ?? '').trim(), need: Math.ceil(r.right), has: window.innerWidth });
  }
  // The roster of the entry form fits its paper: no column hidden on the right.
  for (const el of Array.from(document.querySelectorAll('.roster-wrap'))) {
    if (visible(el) && el.scrollWidth > el.clientWidth + 1) cuts.push({ what: 'roster', text: 'bảng thành viên', need: el.scrollWidth, has: el.clientWidth });
  }

  const looks: Look[] = [];
  const look = (kind: Look['kind'], el: Element) => {
    const cs = getComputedStyle(el);
    looks.push({
      kind,
      what: describe(el),
      style: [cs.fontFamily, cs.fontSize, cs.height, cs.paddingTop, cs.paddingRight, cs.paddingBottom, cs.paddingLeft, cs.borderTopWidth, cs.borderTopStyle, cs.borderTopLeftRadius].join(' | '),
    });
  };
  for (const el of Array.from(document.querySelectorAll('button:not(.tab):not(.sort-button):not(.link-button):not(.close-button)'))) if (visible(el)) look('button', el);
  for (const el of Array.from(document.querySelectorAll('select:not([size])'))) if (visible(el)) look('select', el);
  for (const el of Array.from(document.querySelectorAll('input:not([type]):not([data-entry]), input[type="text"]:not([data-entry]), input[type="search"], input[type="password"]'))) if (visible(el)) look('text', el);
  return { cuts, looks };
}

/** Opens a tab and lets it settle (its calls answered). */
async function openTab(page: Page, index: number): Promise<string> {
  const t = page.getByRole('tab').nth(index);
  const label = (await t.textContent())!.replace(/\d+$/u, '').trim();
  await t.click();
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.shell > .screen').getByText('Đang tải…').count(), { timeout: 15_000 }).toBe(0);
  await page.waitForTimeout(300);
  return label;
}

const slug = (label: string): string =>
  label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/giu, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '');

describe('one design on every screen, at both sizes', () => {
  const looks: (Look & { where: string })[] = [];
  const problems: string[] = [];

  for (const size of SIZES) {
    it(`nothing is cut at ${size.width}×${size.height}`, { timeout: 400_000 }, async () => {
      const page = await app.browser.newPage({ viewport: size, locale: 'vi-VN' });
      watchErrors(page, problems);
      await page.goto(app.url);
      await page.getByRole('tab').first().waitFor();
      // A commune chosen (it carries to every tab): the entry form and the workflow show.
      await page.getByRole('tab', { name: /^Danh sách hộ/u }).click();
      const commune = page.locator('.shell > .screen').getByLabel('Xã/phường', { exact: true });
      await expect.poll(() => commune.locator('option').count()).toBeGreaterThan(1);
      await commune.selectOption({ label: 'Xã Bình Mỹ' });
      const cuts: string[] = [];
      const count = await page.getByRole('tab').count();
      for (let i = 0; i < count; i++) {
        const label = await openTab(page, i);
        await screenshot(page, `design-${size.width}-${slug(label)}`);
        const m = await page.evaluate(measure);
        for (const c of m.cuts) cuts.push(`${label}: ${c.what} “${c.text.slice(0, 60)}” needs ${c.need}px, has ${c.has}px`);
        for (const l of m.looks) looks.push({ ...l, where: `${label} @${size.width}` });
      }
      await page.close();
      expect(cuts).toEqual([]);
    });
  }

  it('controls of one kind have the same font, height, padding and border on every screen', () => {
    expect(looks.length).toBeGreaterThan(20);
    for (const kind of ['button', 'select', 'text'] as const) {
      const ofKind = looks.filter((l) => l.kind === kind);
      const styles = new Map<string, string[]>();
      for (const l of ofKind) styles.set(l.style, [...(styles.get(l.style) ?? []), `${l.where}: ${l.what}`]);
      const summary = [...styles.entries()].map(([style, where]) => `${style}  ←  ${where.length}× e.g. ${where.slice(0, 3).join('; ')}`);
      expect(summary, kind).toHaveLength(1);
    }
    expect(problems).toEqual([]);
  });
});
