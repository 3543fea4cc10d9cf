// The DOM mirror of Einblick's canvas, for screen readers, keyboards and tests (the approach
// of Flutter's web semantics). The client records a semantic tree each frame and sends only
// what changed (client/a11y: diff.hpp documents the operations); this file keeps one real,
// transparent element per node (<button>, <input>, role=table …) over the canvas at the
// widget's place, and passes focus, presses and typed text back to the client.
//
// Loaded before einblick.js so that its keyboard filter runs before Emscripten's GLFW
// listeners (both listen on window in the capture phase, in the order they were added).
'use strict';

(function () {
  const root = document.getElementById('a11y-root');
  const nodes = new Map(); // node id -> element

  // State bits, as in client/a11y/include/einblick/client/a11y/tree.hpp.
  const FOCUSED = 1, DISABLED = 2, CHECKED = 4, SELECTED = 8, EXPANDED = 16, INVALID = 32,
    REQUIRED = 64, BUSY = 128, PROTECTED = 256, MULTILINE = 512, READ_ONLY = 1024,
    EXPANDABLE = 2048, CURRENT = 4096;
  const INTERACTIVE = new Set(['button', 'link', 'textbox', 'checkbox', 'radio', 'combobox', 'tab']);
  // Roles whose accessible name is their text content (kept in a leading text node).
  const NAMED_BY_CONTENT = new Set(['button', 'link', 'tab', 'heading', 'text', 'cell',
    'columnheader', 'status', 'alert', 'option']);
  const LIVE = new Set(['status', 'alert']);
  // Text a person may select with the mouse and copy (a reference number, a date, a name, a
  // reason): the text sits, invisible, over the drawn glyphs, and only its selection shows.
  const SELECTABLE = new Set(['text', 'cell', 'heading', 'status', 'alert']);
  // Controls that stay focusable while unavailable (aria-disabled, not disabled): a button
  // that is busy with its own action keeps the focus instead of throwing it to the page.
  const ARIA_DISABLED = new Set(['button', 'tab', 'link', 'checkbox', 'radio', 'textbox']);
  // Roles that need no role attribute: their element has it, or they are plain text. (A group
  // is a <div>, which has no role of its own: it needs role=group for its name to count.)
  const IMPLICIT = new Set(['button', 'link', 'textbox', 'checkbox', 'radio', 'combobox',
    'option', 'heading', 'main', 'navigation', 'text']);

  function client() {
    return window.Module && window.Module.calledRun ? window.Module : null;
  }

  // [SECTION] Page -> client
  function sendFocus(id) {
    const module = client();
    if (module) module._einblick_a11y_focus(id);
  }

  function sendActivate(id) {
    const module = client();
    if (module) module._einblick_a11y_activate(id);
  }

  function sendDismiss(id) {
    const module = client();
    if (module) module._einblick_a11y_dismiss(id);
  }

  function utf8Length(text) {
    return new TextEncoder().encode(text).length;
  }

  // The client gets the whole text and the selection in UTF-8 bytes.
  function sendEdit(el) {
    const module = client();
    if (!module) return;
    const text = el.value;
    const start = el.selectionStart === null ? -1 : utf8Length(text.slice(0, el.selectionStart));
    const end = el.selectionEnd === null ? -1 : utf8Length(text.slice(0, el.selectionEnd));
    const size = module.lengthBytesUTF8(text) + 1;
    const pointer = module._malloc(size);
    module.stringToUTF8(text, pointer, size);
    module._einblick_a11y_edit(Number(el.dataset.a11y), pointer, start, end);
    module._free(pointer);
    el.einblickSent = text; // until the client echoes it, keep the page's text (see setValue)
  }

  // Keys typed into the mirror belong to the mirror: the browser edits text, moves focus on
  // Tab and presses buttons on Enter/Space. Only Enter in a text field also goes to ImGui,
  // where the form submits on Enter.
  function filterKey(event) {
    const target = event.target;
    if (!(target instanceof Element) || !root.contains(target)) return;
    const textField = target.tagName === 'INPUT' && (target.type === 'text' || target.type === 'password');
    if (textField && event.key === 'Enter') return;
    event.stopImmediatePropagation(); // GLFW's listeners never see it; the default still happens
    if (event.type === 'keydown') navigateByKey(event, target);
  }

  // [SECTION] Keys the mirror handles itself
  // A tab list is one stop of Tab (its selected tab); the arrow keys, Home and End move
  // between its tabs, Enter or Space chooses one (manual activation: a page that loads is
  // not opened by passing over its tab). Escape in a dialog asks the client to close it.
  function navigateByKey(event, target) {
    if (event.key === 'Escape') {
      const dialog = target.closest('[role=dialog]');
      if (dialog && root.contains(dialog)) {
        event.preventDefault();
        sendDismiss(Number(dialog.dataset.a11y));
      }
      return;
    }
    if (target.einblickRole !== 'tab' || event.altKey || event.ctrlKey || event.metaKey) return;
    const list = target.closest('[role=tablist]');
    if (!list) return;
    const tabs = Array.from(list.querySelectorAll('[role=tab]'));
    const at = tabs.indexOf(target);
    let next = -1;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = (at + 1) % tabs.length;
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = (at - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    event.preventDefault();
    tabs[next].focus({ preventScroll: true }); // the focus event tells the client
  }

  // Only the selected tab of each list is in the Tab order (roving tabindex).
  function rovingTabIndex() {
    for (const list of root.querySelectorAll('[role=tablist]')) {
      const tabs = Array.from(list.querySelectorAll('[role=tab]'));
      const selected = tabs.find((tab) => tab.getAttribute('aria-selected') === 'true') || tabs[0];
      for (const tab of tabs) {
        const index = tab === selected ? 0 : -1;
        if (tab.tabIndex !== index) tab.tabIndex = index;
      }
    }
  }
  for (const type of ['keydown', 'keypress', 'keyup', 'paste']) {
    window.addEventListener(type, filterKey, true);
  }

  // [SECTION] Elements
  function createElement(op) {
    let el;
    switch (op.r) {
      case 'button': case 'tab':
        el = document.createElement('button');
        el.type = 'button';
        break;
      case 'link':
        el = document.createElement('a');
        el.href = '#';
        break;
      case 'textbox':
        if (op.s & MULTILINE) {
          el = document.createElement('textarea');
          el.spellcheck = false;
          break;
        }
        el = document.createElement('input');
        el.type = (op.s & PROTECTED) ? 'password' : 'text';
        el.autocomplete = (op.s & PROTECTED) ? 'current-password' : 'off';
        el.spellcheck = false;
        break;
      case 'checkbox': case 'radio':
        el = document.createElement('input');
        el.type = op.r;
        break;
      case 'combobox': el = document.createElement('select'); break;
      case 'option': el = document.createElement('option'); break;
      case 'heading': el = document.createElement('h' + Math.min(6, Math.max(1, op.l || 1))); break;
      case 'main': el = document.createElement('main'); break;
      case 'navigation': el = document.createElement('nav'); break;
      default: el = document.createElement('div');
    }
    if (!IMPLICIT.has(op.r)) el.setAttribute('role', op.r);
    el.id = 'a11y-' + op.id;
    el.dataset.a11y = String(op.id);
    el.einblickRole = op.r;
    el.className = INTERACTIVE.has(op.r) ? 'a11y-node a11y-interactive'
      : SELECTABLE.has(op.r) ? 'a11y-node a11y-text' : 'a11y-node';
    if (NAMED_BY_CONTENT.has(op.r)) {
      el.einblickLabel = document.createTextNode('');
      if (SELECTABLE.has(op.r)) {
        // The text alone takes the mouse, not the whole box: a press beside it still reaches
        // the canvas (a table's column borders, its scrollbar).
        const span = document.createElement('span');
        span.className = 'a11y-selectable';
        span.appendChild(el.einblickLabel);
        el.appendChild(span);
        el.einblickLabelBox = span;
      } else {
        el.appendChild(el.einblickLabel);
      }
    }
    if (LIVE.has(op.r)) el.setAttribute('aria-live', op.r === 'alert' ? 'assertive' : 'polite');
    if (INTERACTIVE.has(op.r)) listen(el, op);
    return el;
  }

  function listen(el, op) {
    const id = op.id;
    el.addEventListener('focus', function () {
      if (!el.einblickFocusing) sendFocus(id);
    });
    if (op.r === 'textbox') {
      el.addEventListener('input', function () { sendEdit(el); });
      el.addEventListener('select', function () { sendEdit(el); });
      el.addEventListener('blur', function () { el.einblickSent = undefined; });
    } else if (op.r === 'combobox') {
      el.addEventListener('change', function () {
        const option = el.options[el.selectedIndex];
        if (option) sendActivate(Number(option.dataset.a11y));
      });
    } else {
      el.addEventListener('click', function (event) {
        const unavailable = el.getAttribute('aria-disabled') === 'true';
        // A check box marked unavailable must not tick itself in the page either.
        if (op.r === 'link' || unavailable) event.preventDefault();
        if (!unavailable) sendActivate(id);
      });
    }
  }

  // A move keeps the page's focus: removing the focused element (or one holding it) from the
  // document, as insertBefore does on the way, would throw the focus to the page's heading
  // whenever an error message above it came or went, while the person types or is about to
  // press a key. moveBefore moves without that; where a browser lacks it, the focus is put
  // back.
  function place(el, op) {
    const parent = op.p ? nodes.get(op.p) : root;
    if (!parent) return;
    const previous = op.a ? nodes.get(op.a) : null;
    let before;
    if (previous && previous.parentNode === parent) before = previous.nextSibling;
    else before = parent.einblickLabel ? labelBox(parent).nextSibling : parent.firstChild;
    if (before === el) return; // in place already (what was between went away)
    if (el.isConnected && parent.isConnected && typeof parent.moveBefore === 'function') {
      try {
        parent.moveBefore(el, before);
        return;
      } catch (error) {
        // not movable this way: the plain insert below
      }
    }
    const active = document.activeElement;
    const holdsFocus = el.isConnected && active !== document.body && el.contains(active);
    const sent = holdsFocus ? active.einblickSent : undefined;
    parent.insertBefore(el, before);
    if (holdsFocus && document.activeElement !== active) {
      active.einblickFocusing = true; // the client has its focus there already
      active.focus({ preventScroll: true });
      active.einblickFocusing = false;
      active.einblickSent = sent; // the blur forgot what the person typed last (see setValue)
    }
  }

  // The child of the element that holds its label text (the text node or its span).
  function labelBox(el) {
    return el.einblickLabelBox || el.einblickLabel;
  }

  // [SECTION] Properties
  function setAttribute(el, name, value) {
    if (value === null || value === false || value === '') el.removeAttribute(name);
    else el.setAttribute(name, value === true ? 'true' : value);
  }

  function setValue(el, op) {
    if (op.s & PROTECTED) {
      // The tree holds bullets, never the password: only "now empty" is passed on.
      if (op.v === '' && el.value !== '') el.value = '';
      return;
    }
    if (el.einblickSent !== undefined) {
      if (op.v !== el.einblickSent) return; // an older echo: the person is still typing
      el.einblickSent = undefined;
    }
    if (el.value !== op.v) el.value = op.v;
  }

  function setName(el, op, created) {
    if (!el.einblickLabel) {
      setAttribute(el, 'aria-label', op.n);
    } else if (created && LIVE.has(op.r)) {
      // A live region announces changes, not its first content: fill it a moment later.
      window.einblickA11y.announcing += 1;
      setTimeout(function () {
        el.einblickLabel.data = el.einblickName;
        window.einblickA11y.announcing -= 1;
      }, 100);
    } else {
      el.einblickLabel.data = op.n;
    }
    el.einblickName = op.n;
  }

  function setStates(el, op) {
    const s = op.s;
    const formControl = 'disabled' in el && el.tagName !== 'DIV';
    if (ARIA_DISABLED.has(op.r)) {
      if (formControl) el.disabled = false;
      setAttribute(el, 'aria-disabled', Boolean(s & DISABLED));
    } else if (formControl) {
      el.disabled = Boolean(s & DISABLED);
    } else {
      setAttribute(el, 'aria-disabled', Boolean(s & DISABLED));
    }
    setAttribute(el, 'aria-controls', op.t ? 'a11y-' + op.t : null);
    if (op.r === 'checkbox' || op.r === 'radio') el.checked = Boolean(s & CHECKED);
    if (op.r === 'option') el.selected = Boolean(s & SELECTED);
    if (op.r === 'tab') setAttribute(el, 'aria-selected', (s & SELECTED) ? 'true' : 'false');
    if (op.r === 'combobox' || (s & EXPANDABLE)) {
      setAttribute(el, 'aria-expanded', (s & EXPANDED) ? 'true' : 'false');
    } else {
      setAttribute(el, 'aria-expanded', null);
    }
    if (op.r === 'textbox') {
      el.required = Boolean(s & REQUIRED);
      el.readOnly = Boolean(s & (READ_ONLY | DISABLED));
      setAttribute(el, 'aria-invalid', Boolean(s & INVALID));
    }
    setAttribute(el, 'aria-busy', Boolean(s & BUSY));
    setAttribute(el, 'aria-current', (s & CURRENT) ? 'true' : null);
  }

  function update(el, op, created) {
    // What the client last said about the node, apart from what the page shows (the page's
    // field holds what the person typed even before the client has taken it): see reported().
    el.einblickValue = op.v;
    el.einblickStates = op.s;
    setName(el, op, created);
    if (op.r === 'textbox') setValue(el, op);
    if (op.r === 'progressbar') setAttribute(el, 'aria-valuetext', op.v);
    setAttribute(el, 'aria-description', op.d);
    setAttribute(el, 'lang', op.g);
    setStates(el, op);
    const style = el.style;
    style.left = op.x + 'px';
    style.top = op.y + 'px';
    style.width = op.w + 'px';
    style.height = op.h + 'px';
    // Cut an element that takes the pointer to the part the canvas draws (op.c: the insets of
    // its window's clip), so a control scrolled under the fixed header neither catches the
    // header's presses and taps nor shows a selection there. Hit testing follows clip-path.
    const clipped = op.c && (INTERACTIVE.has(op.r) || SELECTABLE.has(op.r));
    style.clipPath = clipped ? 'inset(' + op.c.map(function (v) { return v + 'px'; }).join(' ') + ')' : '';
  }

  function focus(id) {
    const el = nodes.get(id);
    if (!el || document.activeElement === el) return;
    // A dialog, tab panel or heading the client put the focus on (a skip link's target, the
    // page after logging in): focusable by script, not a stop of Tab.
    if (!INTERACTIVE.has(el.einblickRole) && !el.hasAttribute('tabindex')) el.tabIndex = -1;
    el.einblickFocusing = true; // ImGui moved focus here already: do not echo it back
    el.focus({ preventScroll: true });
    el.einblickFocusing = false;
    // Like ImGui's AutoSelectAll, which only one-line fields have (ui_controls.cpp).
    if (el.einblickRole === 'textbox' && el.tagName === 'INPUT') el.select();
  }

  // An id keeps its element while the role stays; ids made from a position (text, headings,
  // cells) can change role between screens, and the element type (h2, textarea, …) with it.
  function elementFits(el, op) {
    if (el.einblickRole !== op.r) return false;
    if (op.r === 'heading') return el.tagName === 'H' + Math.min(6, Math.max(1, op.l || 1));
    if (op.r === 'textbox') return (el.tagName === 'TEXTAREA') === Boolean(op.s & MULTILINE);
    return true;
  }

  // A new element of the right kind in the old one's place, holding the old one's children.
  function replaceElement(el, op) {
    const fresh = createElement(op);
    for (const child of Array.from(el.childNodes)) {
      if (child !== labelBox(el)) fresh.appendChild(child);
    }
    el.replaceWith(fresh);
    nodes.set(op.id, fresh);
    return fresh;
  }

  // [SECTION] Applying the client's operations
  function applyOne(op) {
    switch (op.k) {
      case 'r': {
        const el = nodes.get(op.id);
        if (el) el.remove();
        // Descendants go with their element; forget them too.
        for (const [id, node] of nodes) if (!root.contains(node)) nodes.delete(id);
        break;
      }
      case 'c': {
        const el = createElement(op);
        nodes.set(op.id, el);
        update(el, op, true);
        place(el, op);
        break;
      }
      case 'm': case 'u': {
        let el = nodes.get(op.id);
        if (!el) break;
        const fits = elementFits(el, op);
        if (!fits) el = replaceElement(el, op);
        if (op.k === 'm') place(el, op);
        update(el, op, !fits);
        break;
      }
      case 'f':
        focus(op.id);
        break;
    }
  }

  // When the focused element goes away with its screen (while logging in, after it), the focus
  // falls back to <body> and Tab would start over outside the page: put it on the page's
  // content (the tab panel), else the screen's first heading, so Tab continues in the screen
  // (WCAG 2.4.3), and tell the client, which draws the ring there. An element the client
  // only made anew (its parent changed) is focused again by the client itself.
  let focusLost = false;
  // Pointer moves and the wheel over a mirrored control (a button, a link, a text box) would
  // stop at that element, since the canvas is its sibling, not its parent: hand them to the
  // canvas too, so ImGui knows where the pointer is (hover, tooltips) and the page under it
  // scrolls. Presses stay with the control: forwarding them would press twice.
  function forwardToCanvas(event, Kind) {
    const canvas = document.getElementById('canvas');
    if (!canvas || event.target === root) return;
    canvas.dispatchEvent(new Kind(event.type, event));
  }
  root.addEventListener('mousemove', function (event) { forwardToCanvas(event, MouseEvent); });
  root.addEventListener('wheel', function (event) {
    event.preventDefault();
    forwardToCanvas(event, WheelEvent);
  }, { passive: false });
  // A press on selectable text takes the page's focus to <body> as well; that is the person
  // pointing somewhere, not the focus lost, until the next key.
  let pointing = false;
  root.addEventListener('mousedown', function () { pointing = true; });
  window.addEventListener('keydown', function () { pointing = false; }, true);
  root.addEventListener('focusout', function (event) { focusLost = event.relatedTarget === null && !pointing; });
  root.addEventListener('focusin', function () { focusLost = false; pointing = false; });

  function keepFocusInside() {
    if (!focusLost || (document.activeElement && document.activeElement !== document.body)) return;
    const target = root.querySelector('[role=tabpanel]') || root.querySelector('h1, h2, h3');
    if (!target) return;
    target.tabIndex = -1;
    target.focus({ preventScroll: true });
    sendFocus(Number(target.dataset.a11y));
  }

  window.einblickA11y = {
    apply: function (json) {
      const ops = JSON.parse(json);
      for (const op of ops) applyOne(op);
      rovingTabIndex();
      keepFocusInside();
      window.einblickA11y.operations += ops.length;
    },
    operations: 0,
    announcing: 0, // live regions created but not filled yet (see setName)
    size: function () { return nodes.size; },
    // What the client last reported for a mirrored element's node: its value (one bullet per
    // character for a password) and its states, or null for an element it never reported.
    // The page's own value and focus say what the person did; this says that the client has
    // taken it (tests wait on it instead of sleeping).
    reported: function (el) {
      if (!el || el.einblickStates === undefined) return null;
      const s = el.einblickStates;
      return {
        value: el.einblickValue,
        focused: Boolean(s & FOCUSED), disabled: Boolean(s & DISABLED),
        checked: Boolean(s & CHECKED), selected: Boolean(s & SELECTED),
        expanded: Boolean(s & EXPANDED), invalid: Boolean(s & INVALID),
      };
    },
  };
})();
