// Two ways a person uses the client, for the journeys (journeys/*.mjs) to run with either:
// - the accessibility-tree driver acts as a screen reader does: it finds each control by role
//   and name (the journeys' getByRole/getByLabel locators), checks that Chromium's own
//   accessibility tree exposes it with that role and a name (CDP Accessibility), and activates
//   it by focusing it in the mirror and pressing Enter or Space;
// - the keyboard driver has only keys: Tab and Shift+Tab from wherever the focus is, arrow
//   keys in the tab list, Enter, Space, Escape and typing. It never focuses or clicks an
//   element; it reads document.activeElement (the mirror's focused element and its name) to
//   know where it is, and fails with the path it took when a target is not reached within a
//   bound. Its Tab counts are logged: they are a usability figure.
// Both wait after each step until the client has taken it (what the client reports to the
// mirror), never for a time.
import {
  STEP_TIMEOUT_MS, clientSummary, fail, log, waitForReported,
} from '../harness.mjs';
import { fillIn, focusControl } from '../steps.mjs';
import { cdpSession } from '../viewports.mjs';

// [SECTION] The accessibility-tree driver

// Roles of Chromium's accessibility tree for the mirror's controls.
const AX_ROLES = {
  button: ['button'], link: ['link'], tab: ['tab'], textbox: ['textbox'], checkbox: ['checkbox'],
  radio: ['radio'], combobox: ['combobox', 'ComboBoxSelect', 'PopUpButton'],
};

// The node of Chromium's accessibility tree for the locator's element: { role, name, ignored }.
async function axNode(locator) {
  const page = locator.page();
  const cdp = await cdpSession(page);
  const marker = `ax-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await locator.evaluate((el, m) => el.setAttribute('data-einblick-ax', m), marker);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: `[data-einblick-ax="${marker}"]` });
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
    const node = nodes[0] || {};
    return { role: node.role && node.role.value, name: node.name && node.name.value, ignored: Boolean(node.ignored) };
  } finally {
    await locator.evaluate((el) => el.removeAttribute('data-einblick-ax')).catch(() => {});
  }
}

// Fails unless Chromium's accessibility tree exposes the control, with one of its roles and a name.
async function expectExposed(locator, what) {
  await locator.waitFor({ timeout: STEP_TIMEOUT_MS }).catch(async () =>
    fail(`no ${what} in the mirror; client: ${await clientSummary(locator.page())}`));
  const role = await locator.evaluate((el) => el.einblickRole || el.getAttribute('role') || '');
  const node = await axNode(locator);
  const roles = AX_ROLES[role] || [role];
  if (node.ignored || !roles.includes(node.role) || !node.name) {
    fail(`${what} is not in the accessibility tree as a named ${role}: ${JSON.stringify(node)}`);
  }
  return node;
}

// `verifyAxTree: false` leaves out the check against Chromium's tree (the desktop e2e scripts,
// which had no such check and have tight budgets; the journeys' matrix runs it).
export function accessibilityTreeDriver(page, { verifyAxTree = true } = {}) {
  let actions = 0;
  const expectInAxTree = verifyAxTree ? expectExposed : async () => {};
  return {
    name: 'accessibility tree',
    short: 'axtree',
    // Buttons, links, tabs: focus in the mirror and Enter, as a screen reader's activation does.
    async activate(locator, what) {
      await expectInAxTree(locator.first(), what);
      await focusControl(locator.first(), what);
      await page.keyboard.press('Enter');
      actions += 1;
    },
    // Check boxes and radios: Space.
    async toggle(locator, what) {
      await expectInAxTree(locator.first(), what);
      await focusControl(locator.first(), what);
      await page.keyboard.press('Space');
      actions += 1;
    },
    async fill(locator, text, what) {
      await expectInAxTree(locator.first(), what);
      await fillIn(locator.first(), text, what);
      actions += 1;
    },
    async choose(locator, label, what) {
      await expectInAxTree(locator.first(), what);
      await locator.first().selectOption({ label });
      await waitForReported(locator.first(), `the client to choose "${label}"`, { value: label });
      actions += 1;
    },
    summary: () => `${actions} actions`,
  };
}

// [SECTION] The keyboard driver

// After a key: waits until the client reports the page's focused element focused (it has
// taken the key), and answers what has the focus (role and accessible name, for the path and
// the log) and whether it is `target`.
async function afterKey(page, target) {
  const handle = await page.waitForFunction((el) => {
    const active = document.activeElement;
    const seen = active && active !== document.body && window.einblickA11y ? window.einblickA11y.reported(active) : null;
    if (seen && seen.focused !== true) return false;
    if (!active || active === document.body) return { role: 'body', name: '', there: false };
    const role = active.einblickRole || active.getAttribute('role') || active.tagName.toLowerCase();
    const name = (active.getAttribute('aria-label') || active.einblickName || active.textContent || active.value || '').trim();
    return { role, name: name.slice(0, 60), there: active === el };
  }, target, { polling: 'raf', timeout: STEP_TIMEOUT_MS });
  return handle.jsonValue();
}

// Whether the target lies after the focus in the page's order (then Tab, else Shift+Tab): a
// person sees whether it is above or below.
async function targetIsAhead(target) {
  return target.evaluate((el) => {
    const active = document.activeElement;
    if (!active || active === document.body) return true;
    return Boolean(active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
}

async function clientFollowed(page) {
  await afterKey(page, null);
}

async function isFocused(locator) {
  return locator.first().evaluate((el) => el === document.activeElement).catch(() => false);
}

// `maxTabs` bounds every search; a test sets it lower to see the bound fail.
export function keyboardDriver(page, { maxTabs = 60 } = {}) {
  let tabs = 0;
  const counts = [];

  // Tabs from wherever the focus is, towards the target, until its element has the focus.
  async function tabTo(locator, what) {
    await locator.first().waitFor({ timeout: STEP_TIMEOUT_MS }).catch(async () =>
      fail(`no ${what} in the mirror to tab to; client: ${await clientSummary(page)}`));
    const target = await locator.first().elementHandle();
    const key = (await targetIsAhead(target)) ? 'Tab' : 'Shift+Tab';
    const path = [];
    let at = await afterKey(page, target);
    let pressed = 0;
    while (!at.there) {
      if (pressed === maxTabs) {
        fail(`keyboard: ${what} not reached within ${maxTabs} presses of ${key}; path: ${path.join(' ')}`);
      }
      await page.keyboard.press(key);
      pressed += 1;
      at = await afterKey(page, target);
      path.push(`${key === 'Tab' ? '→' : '←'}${at.role} "${at.name}"`);
    }
    tabs += pressed;
    counts.push(`${what}: ${pressed}`);
    log(`keyboard: ${what} after ${pressed} × ${key}`);
  }

  // A tab of a tab list: Tab to the list's one stop, then the arrow keys to the tab.
  async function tabToTab(locator, what) {
    if (await isFocused(locator)) return;
    const anyTab = page.getByRole('tab', { selected: true });
    await tabTo(anyTab, `the tab list (for ${what})`);
    const count = await page.getByRole('tab').count();
    for (let n = 0; n < count && !(await isFocused(locator)); ++n) {
      await page.keyboard.press('ArrowRight');
      tabs += 1;
      await clientFollowed(page);
    }
    if (!(await isFocused(locator))) fail(`keyboard: the arrow keys did not reach ${what}; at ${JSON.stringify(await focused(page))}`);
  }

  async function reach(locator, what) {
    const role = await locator.first().evaluate((el) => el.einblickRole || el.getAttribute('role'))
      .catch(() => '');
    if (role === 'tab') await tabToTab(locator, what);
    else await tabTo(locator, what);
    await waitForReported(locator.first(), `the client to take the focus of ${what}`, { focused: true });
  }

  return {
    name: 'keyboard',
    short: 'keyboard',
    async activate(locator, what) {
      await reach(locator, what);
      await page.keyboard.press('Enter');
    },
    async toggle(locator, what) {
      await reach(locator, what);
      await page.keyboard.press('Space');
    },
    // Select all and type, as a person replaces a field's text.
    async fill(locator, text, what) {
      await reach(locator, what);
      await page.keyboard.press('Control+A');
      if (text === '') await page.keyboard.press('Delete');
      else await page.keyboard.type(text);
      const password = await locator.first().evaluate((el) => el.type === 'password');
      const expected = password ? '\u2022'.repeat([...text].length) : text;
      await waitForReported(locator.first(), `the client to hold the text typed into ${what}`, { value: expected });
    },
    // A closed select: the arrow keys step through its options until the label is chosen.
    async choose(locator, label, what) {
      await reach(locator, what);
      const options = await locator.first().evaluate((el) => [...el.options].map((o) => o.text));
      const want = options.indexOf(label);
      if (want < 0) fail(`${what} has no option "${label}": ${options.join(', ')}`);
      for (let n = 0; n < options.length; ++n) {
        const at = await locator.first().evaluate((el) => el.selectedIndex);
        if (at === want) break;
        await page.keyboard.press(at < want ? 'ArrowDown' : 'ArrowUp');
      }
      await waitForReported(locator.first(), `the client to choose "${label}"`, { value: label });
    },
    summary: () => `${tabs} key presses to move the focus (${counts.join('; ')})`,
    tabs: () => tabs,
  };
}

// The driver by its short name.
export function makeDriver(page, name, options) {
  if (name === 'keyboard') return keyboardDriver(page, options);
  if (name === 'axtree') return accessibilityTreeDriver(page);
  return fail(`no driver "${name}"`);
}

