// The vw-media status page: polls the status API of the server it came from (/api/assets) every second, lists the
// assets newest first with each rung's state, and at #/assets/{id} shows one asset with its manifests and a player
// (hls.js, served by the same server). Plain DOM, no framework; text goes in as text, never as HTML.
'use strict';

const POLL_MS = 1000;
const $ = sel => document.querySelector(sel);
const state = {before: null, player: null, playerAsset: null};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

const badge = status => el('span', {class: 'badge ' + status, 'data-role': 'status'}, status);
const kb = bits => bits ? Math.round(bits / 1000) + ' kb/s' : '–';
const bytes = n => n ? (n / 1e6).toFixed(2) + ' MB' : '–';

async function getJson(url) {
  const res = await fetch(url, {cache: 'no-store'});
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.error || res.status + ' ' + res.statusText), {status: res.status});
  return body;
}

function showProblem(message) {
  const p = $('#problem');
  p.hidden = !message;
  p.textContent = message || '';
}

function rungChips(asset) {
  return el('div', {class: 'rungs'}, ...asset.rungs.map(r =>
      el('span', {class: 'rung', 'data-rung': r.name, 'data-status': r.status, title: r.error || r.status},
          r.name + ' ' + r.status.toLowerCase(), el('span', {class: 'bar'}, el('span')))));
}

function assetItem(asset) {
  return el('li', {class: 'asset', 'data-asset-id': asset.assetId, 'data-status': asset.status},
      el('div', {class: 'head'},
          el('a', {class: 'id', href: '#/assets/' + encodeURIComponent(asset.assetId)}, asset.assetId),
          badge(asset.status),
          el('span', {class: 'muted'}, asset.rungsDone + '/' + asset.rungsPlanned + ' rungs'),
          el('span', {class: 'muted'}, asset.timings.requestedAt ? new Date(asset.timings.requestedAt).toLocaleString() : '')),
      asset.reason ? el('div', {class: 'reason'}, asset.reason) : null,
      rungChips(asset));
}

async function refreshList() {
  const page = await getJson('/api/assets?limit=50' + (state.before ? '&before=' + encodeURIComponent(state.before) : ''));
  $('#assets').replaceChildren(...page.assets.map(assetItem));
  $('#summary').textContent = page.total + ' assets' + (state.before ? ' (older page)' : '');
  const older = $('#older');
  older.hidden = !page.next;
  older.onclick = () => { state.before = page.next; refreshList(); };
}

function rungRow(r) {
  const q = r.quality;
  return el('tr', {'data-rung': r.name, 'data-status': r.status},
      el('td', {}, r.name), el('td', {}, badge(r.status)),
      el('td', {}, r.width ? r.width + '×' + r.height : r.kind.toLowerCase()),
      el('td', {}, r.encoder || '–'),
      el('td', {}, r.encodeDurationMs ? (r.encodeDurationMs / 1000).toFixed(1) + ' s' : '–'),
      el('td', {}, r.targetBitrateKbps + ' kb/s / ' + kb(r.averageBitrate) + ' / ' + kb(r.peakBitrate)),
      el('td', {}, bytes(r.sizeBytes)),
      el('td', {}, q ? 'PSNR ' + q.psnr.toFixed(1) + ' SSIM ' + q.ssim.toFixed(3) + (q.vmaf != null ? ' VMAF ' + q.vmaf.toFixed(1) : '') : '–'));
}

function link(label, url) {
  return el('div', {}, label + ' ', el('a', {href: url}, url));
}

function play(asset) {
  const video = $('#player');
  if (!asset.manifests || state.playerAsset === asset.assetId) return;
  stopPlayer();
  state.playerAsset = asset.assetId;
  video.hidden = false;
  const url = asset.manifests.hls;
  if (window.Hls && Hls.isSupported()) {
    const hls = new Hls();
    hls.on(Hls.Events.ERROR, (event, data) => {
      // a manifest being written as we ask: try again in a moment
      if (data.fatal) setTimeout(() => { if (state.player === hls) hls.loadSource(url); }, POLL_MS);
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    state.player = hls;
  } else {
    video.src = url; // Safari plays HLS itself
  }
  video.play().catch(() => {});
}

function stopPlayer() {
  if (state.player) state.player.destroy();
  state.player = null;
  state.playerAsset = null;
  const video = $('#player');
  video.hidden = true;
  video.removeAttribute('src');
}

async function refreshDetail(id) {
  const asset = await getJson('/api/assets/' + encodeURIComponent(id));
  const section = $('#detail');
  section.dataset.assetId = asset.assetId;
  section.dataset.status = asset.status;
  $('#detail-id').textContent = asset.assetId;
  $('#detail-head').replaceChildren(badge(asset.status),
      el('span', {class: 'muted'}, ' ' + asset.rungsDone + '/' + asset.rungsPlanned + ' rungs, template ' + (asset.templateId || 'default')),
      asset.reason ? el('div', {class: 'reason'}, asset.reason) : null);
  $('#rung-table tbody').replaceChildren(...asset.rungs.map(rungRow));
  const m = asset.manifests;
  $('#manifests').replaceChildren(...(m ? [link('HLS', m.hls), link('DASH', m.dash),
      el('div', {class: 'muted'}, 'version ' + m.version + ': ', ...m.versions.flatMap(v =>
          [el('a', {href: v.hls}, 'v' + v.version + ' hls'), ' ', el('a', {href: v.dash}, 'dash'), ' ']))] : []));
  $('#timings').replaceChildren(...Object.entries(asset.timings).flatMap(([k, v]) =>
      [el('dt', {}, k), el('dd', {}, v ? new Date(v).toLocaleString() : '–')]));
  play(asset);
}

function route() {
  const m = location.hash.match(/^#\/assets\/(.+)$/);
  return m ? decodeURIComponent(m[1]) : null;
}

async function tick() {
  const id = route();
  $('#detail').hidden = !id;
  $('#list').hidden = !!id;
  try {
    if (id) await refreshDetail(id); else await refreshList();
    showProblem(null);
  } catch (e) {
    showProblem(e.status === 404 ? 'no asset ' + id : 'status API: ' + e.message);
  }
}

async function loop() {
  await tick();
  setTimeout(loop, POLL_MS);
}

window.addEventListener('hashchange', () => {
  if (!route()) stopPlayer();
  tick();
});
loop();
