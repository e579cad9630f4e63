// crosscheck review page. Every text from the report is set with
// textContent (never innerHTML), so corpus text always shows as text.
'use strict';

const VERDICTS = [
  { id: 'confirmed_conflict', label: 'Confirmed conflict', key: 'c' },
  { id: 'false_alarm', label: 'False alarm', key: 'f' },
  { id: 'same_claim', label: 'Same claim', key: 's' },
  { id: 'different_claims', label: 'Different claims', key: 'd' },
];
const LABEL = Object.fromEntries(VERDICTS.map(v => [v.id, v.label]));

const state = { pairs: [], visible: [], current: -1 };

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
  refresh(null);
}

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
  renderDetail();
  renderProgress();
}

function renderProgress() {
  const done = state.pairs.filter(p => p.verdict).length;
  $('progress').textContent = done + ' of ' + state.pairs.length + ' pairs reviewed · ' +
    state.visible.length + ' shown';
}

function renderList() {
  const list = $('list');
  list.replaceChildren();
  state.visible.forEach((p, i) => {
    const li = el('li', i === state.current ? 'pair current' : 'pair');
    li.dataset.id = p.id;
    li.dataset.status = p.status;
    li.dataset.verdict = p.verdict || '';
    const meta = el('div', 'meta');
    meta.appendChild(el('span', 'tag ' + p.relation, p.kind ? p.kind + ' conflict' : p.relation));
    meta.appendChild(el('span', null, p.confidence.toFixed(2)));
    meta.appendChild(el('span', 'status status-' + p.status, p.verdict ? LABEL[p.verdict] : p.status));
    li.appendChild(meta);
    li.appendChild(el('div', 'snippet text', p.a.parts.map(x => x.text).join('')));
    li.appendChild(el('div', 'snippet', p.a.doc + ' × ' + p.b.doc));
    li.addEventListener('click', () => select(i));
    list.appendChild(li);
  });
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

function renderDetail() {
  const detail = $('detail');
  detail.replaceChildren();
  const p = currentPair();
  if (!p) {
    delete detail.dataset.id;
    detail.appendChild(el('p', 'empty', state.pairs.length ? 'No pair matches the filters.' : 'No flagged pairs.'));
    return;
  }
  detail.dataset.id = p.id;
  const title = (p.kind ? p.kind + ' conflict' : p.relation) + ' · confidence ' + p.confidence.toFixed(2) +
    (p.abstained ? ' · abstained' : '') + ' · ' + p.id;
  detail.appendChild(el('h2', null, title));
  const sides = el('div', 'sides');
  sides.appendChild(sideCard(p.a, 'a'));
  sides.appendChild(sideCard(p.b, 'b'));
  detail.appendChild(sides);
  detail.appendChild(el('p', 'explanation', p.explanation));
  if (p.caveats.length) {
    const ul = el('ul', 'caveats');
    for (const c of p.caveats) ul.appendChild(el('li', null, c));
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
  note.value = p.note || '';
  detail.appendChild(note);
  const saved = el('div', 'saved', p.verdict ? 'Saved: ' + LABEL[p.verdict] + ' (' + p.at + ')' : '');
  saved.id = 'saved';
  detail.appendChild(saved);
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

function select(index) {
  if (index < 0 || index >= state.visible.length) return;
  state.current = index;
  renderList();
  renderDetail();
  const li = $('list').children[index];
  if (li) li.scrollIntoView({ block: 'nearest' });
}

function step(delta) { select(state.current + delta); }

async function decide(verdict) {
  const p = currentPair();
  if (!p) return;
  const note = $('note') ? $('note').value : '';
  let answer;
  try {
    const response = await fetch('api/verdict', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pair: p.id, verdict: verdict, note: note }),
    });
    answer = await response.json();
    if (!response.ok) throw new Error(answer.error || ('HTTP ' + response.status));
  } catch (e) {
    const saved = $('saved');
    saved.className = 'saved failed';
    saved.textContent = 'Not saved: ' + e.message;
    return;
  }
  p.verdict = answer.verdict;
  p.status = answer.status;
  p.note = answer.note;
  p.at = answer.at;
  const index = state.current;
  state.visible = state.pairs.filter(matches);
  state.current = Math.min(index + (state.visible.includes(p) ? 1 : 0), state.visible.length - 1);
  renderList();
  renderDetail();
  renderProgress();
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
  if (event.key === 'j' || event.key === 'ArrowRight' || event.key === 'ArrowDown') { event.preventDefault(); step(1); }
  else if (event.key === 'k' || event.key === 'ArrowLeft' || event.key === 'ArrowUp') { event.preventDefault(); step(-1); }
  else if (event.key === 'n' && $('note')) { event.preventDefault(); $('note').focus(); }
});

load().catch((e) => {
  const detail = $('detail');
  detail.replaceChildren(el('p', 'failed', e.message));
});
