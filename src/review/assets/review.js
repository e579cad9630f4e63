// crosscheck review page. Every text from the report is set with
// textContent (never innerHTML), so corpus text always shows as text.
'use strict';

const VERDICTS = [
  { id: 'confirmed_conflict', label: 'Confirmed conflict', key: 'c' },
  { id: 'false_alarm', label: 'False alarm', key: 'f' },
  { id: 'same_claim', label: 'Same claim', key: 's' },
  { id: 'different_claims', label: 'Different claims', key: 'd' },
  { id: 'unsure', label: 'Unsure', key: 'u' },
];
const LABEL = Object.fromEntries(VERDICTS.map(v => [v.id, v.label]));
LABEL.cleared = 'Cleared';
// The list shows one page of pairs at a time, so a report of 10,000 pairs
// loads and answers a key as fast as one of ten.
const PAGE = 100;
const REVIEWER_KEY = 'crosscheck-reviewer';

// drafts: notes typed but not yet saved with a verdict, by pair id.
// undo: the decisions made in this page, newest last, with what they replaced.
// details: each pair in full (sentences, context, history), fetched when shown.
const state = { pairs: [], visible: [], current: -1, drafts: new Map(), undo: [], details: new Map() };

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function $(id) { return document.getElementById(id); }

async function load() {
  const response = await fetch('api/pairs', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error('cannot load the pairs: HTTP ' + response.status);
  const data = await response.json();
  state.pairs = data.pairs;
  const reviewer = $('reviewer');
  reviewer.value = data.reviewer || localStorage.getItem(REVIEWER_KEY) || '';
  reviewer.addEventListener('change', () => localStorage.setItem(REVIEWER_KEY, reviewer.value.trim()));
  $('corpus').textContent = data.corpus;
  $('verdict-file').textContent = 'verdicts: ' + data.verdict_file;
  if (data.bad_lines.length) {
    const box = $('problems');
    box.hidden = false;
    box.textContent = 'The verdict file has lines that cannot be read (kept as they are):\n' +
      data.bad_lines.map(b => 'line ' + b.line + ': ' + b.message).join('\n');
  }
  fillSelect($('filter-kind'), unique(state.pairs.map(p => p.kind || p.relation)));
  fillSelect($('filter-doc'), unique(state.pairs.flatMap(p => [p.a.doc, p.b.doc])));
  for (const id of ['filter-kind', 'filter-doc', 'filter-status']) {
    $(id).addEventListener('change', () => { const keep = currentPair(); refresh(keep && keep.id); });
  }
  // Resume where the review stopped: the first pair with no verdict.
  const first = state.pairs.find(p => !p.verdict);
  await refresh(first ? first.id : null);
  // How long the page took to show the pairs (read by the browser test).
  document.body.dataset.loadMs = performance.now().toFixed(0);
}

// Whether the pair has a typed note that differs from the one saved.
function hasUnsavedNote(p) {
  const text = state.drafts.get(p.id);
  return Boolean(text && text.trim() && text !== (p.note || ''));
}

window.addEventListener('beforeunload', (event) => {
  if (state.pairs.some(p => state.drafts.has(p.id) && hasUnsavedNote(p))) {
    event.preventDefault();
    event.returnValue = '';
  }
});

function unique(values) { return [...new Set(values)].sort(); }

function fillSelect(select, values) {
  for (const v of values) {
    const option = el('option', null, v);
    option.value = v;
    select.appendChild(option);
  }
}

function matches(p) {
  const kind = $('filter-kind').value, doc = $('filter-doc').value, status = $('filter-status').value;
  return (!kind || (p.kind || p.relation) === kind) &&
    (!doc || p.a.doc === doc || p.b.doc === doc) &&
    (!status || p.status === status);
}

function currentPair() { return state.visible[state.current] || null; }

function refresh(keepId) {
  state.visible = state.pairs.filter(matches);
  let index = keepId ? state.visible.findIndex(p => p.id === keepId) : -1;
  if (index < 0) index = Math.min(Math.max(state.current, 0), state.visible.length - 1);
  state.current = index;
  renderList();
  renderProgress();
  return renderDetail();
}

function renderProgress() {
  const done = state.pairs.filter(p => p.verdict && p.verdict !== 'unsure').length;
  $('progress').textContent = done + ' of ' + state.pairs.length + ' pairs reviewed · ' +
    state.visible.length + ' shown';
}

function pageStart() { return Math.max(0, Math.floor(state.current / PAGE) * PAGE); }

function renderList() {
  const list = $('list');
  list.replaceChildren();
  const start = pageStart();
  list.start = start + 1;
  state.visible.slice(start, start + PAGE).forEach((p, offset) => {
    const i = start + offset;
    const li = el('li', i === state.current ? 'pair current' : 'pair');
    li.dataset.id = p.id;
    li.dataset.status = p.status;
    li.dataset.verdict = p.verdict || '';
    const meta = el('div', 'meta');
    meta.appendChild(el('span', 'tag ' + p.relation, p.kind ? p.kind + ' conflict' : p.relation));
    meta.appendChild(el('span', null, p.confidence.toFixed(2)));
    meta.appendChild(el('span', 'status status-' + p.status, p.verdict ? LABEL[p.verdict] : p.status));
    li.appendChild(meta);
    li.appendChild(el('div', 'snippet text', p.a.text));
    li.appendChild(el('div', 'snippet', p.a.doc + ' × ' + p.b.doc));
    li.addEventListener('click', () => select(i));
    list.appendChild(li);
  });
  const pages = Math.max(1, Math.ceil(state.visible.length / PAGE));
  $('page').textContent = 'page ' + (Math.floor(start / PAGE) + 1) + ' of ' + pages;
}

function sentence(parts) {
  const p = el('p', 'sentence');
  for (const part of parts) {
    if (part.mark) {
      const m = el('mark', part.mark, part.text);
      m.title = part.mark;
      p.appendChild(m);
    } else {
      p.appendChild(document.createTextNode(part.text));
    }
  }
  return p;
}

function sideCard(side, name) {
  const card = el('div', 'side');
  card.dataset.side = name;
  card.appendChild(el('div', 'doc', side.label));
  if (side.before) card.appendChild(el('p', 'context before', side.before));
  card.appendChild(sentence(side.parts));
  if (side.after) card.appendChild(el('p', 'context after', side.after));
  return card;
}

async function details(p) {
  if (!state.details.has(p.id)) {
    const response = await fetch('api/pair/' + p.id, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error('cannot load pair ' + p.id + ': HTTP ' + response.status);
    state.details.set(p.id, await response.json());
  }
  return state.details.get(p.id);
}

// Shows the current pair (fetching it first when needed), then fetches the
// next one so the next verdict shows it at once.
async function renderDetail() {
  const p = currentPair();
  if (!p) {
    const detail = $('detail');
    detail.replaceChildren();
    delete detail.dataset.id;
    detail.appendChild(el('p', 'empty', state.pairs.length ? 'No pair matches the filters.' : 'No flagged pairs.'));
    return;
  }
  let d;
  try {
    d = await details(p);
  } catch (e) {
    $('detail').replaceChildren(el('p', 'failed', e.message));
    return;
  }
  if (currentPair() !== p) return;
  drawDetail(p, d);
  const next = state.visible[state.current + 1];
  if (next) details(next).catch(() => {});
}

function drawDetail(p, d) {
  const detail = $('detail');
  detail.replaceChildren();
  detail.dataset.id = p.id;
  const title = (p.kind ? p.kind + ' conflict' : p.relation) + ' · confidence ' + p.confidence.toFixed(2) +
    (p.abstained ? ' · abstained' : '') + ' · ' + p.id;
  detail.appendChild(el('h2', null, title));
  const sides = el('div', 'sides');
  sides.appendChild(sideCard(d.a, 'a'));
  sides.appendChild(sideCard(d.b, 'b'));
  detail.appendChild(sides);
  detail.appendChild(el('p', 'explanation', d.explanation));
  if (d.caveats.length) {
    const ul = el('ul', 'caveats');
    for (const c of d.caveats) ul.appendChild(el('li', null, c));
    detail.appendChild(ul);
  }
  const buttons = el('div', 'verdicts');
  for (const v of VERDICTS) {
    const b = el('button', p.verdict === v.id ? 'chosen' : null, v.label + ' ');
    b.type = 'button';
    b.dataset.verdict = v.id;
    b.appendChild(el('kbd', null, v.key));
    b.addEventListener('click', () => decide(v.id));
    buttons.appendChild(b);
  }
  detail.appendChild(buttons);
  const note = el('textarea');
  note.id = 'note';
  note.placeholder = 'Note (optional), saved with the verdict';
  note.value = state.drafts.has(p.id) ? state.drafts.get(p.id) : (p.note || '');
  note.addEventListener('input', () => state.drafts.set(p.id, note.value));
  detail.appendChild(note);
  const saved = el('div', 'saved', p.verdict ? 'Saved: ' + LABEL[p.verdict] +
    (p.reviewer ? ' by ' + p.reviewer : '') + ' (' + p.at + ')' : '');
  saved.id = 'saved';
  detail.appendChild(saved);
  const tools = el('div', 'tools');
  const clear = el('button', null, 'Clear verdict ');
  clear.type = 'button';
  clear.id = 'clear';
  clear.disabled = !p.verdict;
  clear.appendChild(el('kbd', null, 'x'));
  clear.addEventListener('click', () => decide('cleared'));
  const undo = el('button', null, 'Undo ');
  undo.type = 'button';
  undo.id = 'undo';
  undo.disabled = !state.undo.length;
  undo.appendChild(el('kbd', null, 'z'));
  undo.addEventListener('click', () => undoLast());
  tools.append(clear, undo);
  detail.appendChild(tools);
  if (d.history.length) {
    const history = el('details', 'history');
    history.appendChild(el('summary', null, 'History (' + d.history.length + ')'));
    const ol = el('ol');
    for (const h of d.history) {
      ol.appendChild(el('li', null, h.at + ' · ' + LABEL[h.verdict] + (h.reviewer ? ' · ' + h.reviewer : '') +
        (h.note ? ' · ' + h.note : '')));
    }
    history.appendChild(ol);
    detail.appendChild(history);
  }
  const move = el('div', 'move');
  const prev = el('button', null, '← previous');
  prev.type = 'button';
  prev.addEventListener('click', () => step(-1));
  const next = el('button', null, 'next →');
  next.type = 'button';
  next.addEventListener('click', () => step(1));
  move.append(prev, next);
  detail.appendChild(move);
}

// Leaving a pair keeps its typed note as a draft and says so, so a note is
// never lost without a word.
function warnDraft(leaving) {
  const notice = $('notice');
  if (leaving && hasUnsavedNote(leaving)) {
    notice.hidden = false;
    notice.textContent = 'The note on ' + leaving.id + ' is not saved yet: it is kept in this page until ' +
      'you give that pair a verdict (leaving the page loses it).';
  } else {
    notice.hidden = true;
  }
}

function select(index) {
  if (index < 0 || index >= state.visible.length) return;
  warnDraft(currentPair());
  state.current = index;
  renderList();
  renderDetail();
  const li = $('list').children[index - pageStart()];
  if (li) li.scrollIntoView({ block: 'nearest' });
}

function step(delta) { select(state.current + delta); }

// Saves `verdict` on `target` (the current pair by default) with the typed
// note, or with `note` when given (undo restores the earlier one).
async function decide(verdict, target, remember = true, note) {
  const p = target || currentPair();
  if (!p) return;
  if (verdict === 'cleared' && !p.verdict) return;
  if (note === undefined) note = $('note') ? $('note').value : '';
  const started = performance.now();
  const before = { pair: p, verdict: p.verdict || null, note: p.note || '' };
  let answer;
  try {
    const response = await fetch('api/verdict', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pair: p.id, verdict: verdict, note: note, reviewer: $('reviewer').value.trim() }),
    });
    answer = await response.json();
    if (!response.ok) throw new Error(answer.error || ('HTTP ' + response.status));
  } catch (e) {
    const saved = $('saved');
    saved.className = 'saved failed';
    saved.textContent = 'Not saved: ' + e.message;
    return;
  }
  if (remember) state.undo.push(before);
  const cleared = answer.verdict === 'cleared';
  state.details.delete(p.id);
  p.verdict = cleared ? null : answer.verdict;
  p.status = answer.status;
  p.note = cleared ? null : answer.note;
  p.reviewer = answer.reviewer;
  p.at = answer.at;
  state.drafts.delete(p.id);
  const shown = state.visible.indexOf(p);
  const index = shown >= 0 ? shown : state.current;
  state.visible = state.pairs.filter(matches);
  // A verdict moves on to the next pair; a clear or an undo stays.
  const advance = remember && !cleared && state.visible.includes(p) ? 1 : 0;
  state.current = Math.min(index + advance, state.visible.length - 1);
  $('notice').hidden = true;
  renderList();
  renderProgress();
  await renderDetail();
  // From the key to the next pair shown, the request included (read by the browser test).
  document.body.dataset.verdictMs = (performance.now() - started).toFixed(1);
}

// Undo the last decision made in this page: the pair gets back the verdict
// it had before (as a new line in the verdict file), or none.
async function undoLast() {
  const last = state.undo.pop();
  if (!last) return;
  const p = last.pair;
  const i = state.visible.indexOf(p);
  if (i >= 0) state.current = i;
  await decide(last.verdict || 'cleared', p, false, last.note);
}

document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const typing = event.target && (event.target.tagName === 'TEXTAREA' || event.target.tagName === 'INPUT' ||
    event.target.tagName === 'SELECT');
  if (typing) {
    if (event.key === 'Escape') event.target.blur();
    return;
  }
  const verdict = VERDICTS.find(v => v.key === event.key);
  if (verdict) { event.preventDefault(); decide(verdict.id); return; }
  if (event.key === 'x') { event.preventDefault(); decide('cleared'); return; }
  if (event.key === 'z') { event.preventDefault(); undoLast(); return; }
  if (event.key === 'j' || event.key === 'ArrowRight' || event.key === 'ArrowDown') { event.preventDefault(); step(1); }
  else if (event.key === 'k' || event.key === 'ArrowLeft' || event.key === 'ArrowUp') { event.preventDefault(); step(-1); }
  else if (event.key === 'n' && $('note')) { event.preventDefault(); $('note').focus(); }
});

load().catch((e) => {
  const detail = $('detail');
  detail.replaceChildren(el('p', 'failed', e.message));
});
