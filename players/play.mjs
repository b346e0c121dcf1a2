// Plays published manifests in real web players in Debian's headless Chromium and prints one JSON result per load.
//
//   node play.mjs --player hls|dash|shaka --url URL [--switch-to HEIGHT] [--seek-to S,S,...] [--loads N] [--first-frame-only]
//                 [--throttle KBPS:LATENCY_MS] [--timeout-ms MS] [--chromium /usr/bin/chromium] [--serve-root DIR]
//                 [--defaults] [--warmup N] [--requests]
//
// --defaults plays with each player's default configuration (what `vw-media probe-startup` measures); without it
// hls.js keeps a short buffer so a switch after the first frame shows in the next segment. --warmup N loads N times
// first without reporting them: the browser's own first-use costs (starting its media pipeline, compiling the player)
// are not what a viewer's running browser pays.
// --requests adds every request the page made from load() on (path, start and end in ms, bytes): what a first frame
// waited for. Each result also lists the renditions shown, when, and the player's bandwidth estimate at each change.
// A small HTTP server here serves the harness page and the player libraries from node_modules, and with
// --serve-root the files of DIR under /media/ (then --url may be a path such as /media/x/master.m3u8); otherwise
// the manifests come from wherever the URL points (the origin sends CORS headers). Each load is a fresh browser context, so nothing is
// cached between loads. Throttling uses the DevTools protocol (Network.emulateNetworkConditions).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]);
  return acc;
}, []));
const player = args.player;
const url = args.url;
if (!['hls', 'dash', 'shaka'].includes(player) || !url) {
  console.error('usage: node play.mjs --player hls|dash|shaka --url URL [--switch-to HEIGHT] [--loads N] [--throttle KBPS:MS]');
  process.exit(2);
}
const loads = Number(args.loads || 1);
const warmup = Number(args.warmup || 0);

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json',
  '.m3u8': 'application/vnd.apple.mpegurl', '.mpd': 'application/dash+xml', '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4', '.m4a': 'audio/mp4',
};
const mediaRoot = args['serve-root'] ? path.resolve(String(args['serve-root'])) : null;
const inside = (root, p) => {
  const file = path.join(root, path.normalize(p).replace(/^(\.\.[/\\])+/, ''));
  return file.startsWith(root + path.sep) ? file : null;
};
const server = http.createServer((req, res) => {
  const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const file = p === '/' ? path.join(here, 'harness.html')
      : p.startsWith('/lib/') ? inside(path.join(here, 'node_modules'), p.slice(5))
      : p.startsWith('/media/') && mediaRoot ? inside(mediaRoot, p.slice(7))
      : null;
  if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, {'Content-Type': types[path.extname(file)] || 'application/octet-stream'});
  fs.createReadStream(file).pipe(res);
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const harness = `http://127.0.0.1:${server.address().port}/`;
const mediaUrl = new URL(url, harness).toString();

const browser = await chromium.launch({
  executablePath: args.chromium || '/usr/bin/chromium',
  headless: true,
  args: ['--autoplay-policy=no-user-gesture-required', '--no-sandbox', '--disable-gpu', '--mute-audio'],
});
let failed = false;
try {
  for (let n = -warmup; n < loads; n++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('pageerror', e => consoleErrors.push('page: ' + e.message));
    if (args.console) page.on('console', m => console.error(`[${m.type()}] ${m.text()}`));
    if (args.throttle) {
      const [kbps, latency] = String(args.throttle).split(':').map(Number);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency, downloadThroughput: kbps * 1000 / 8, uploadThroughput: kbps * 1000 / 8,
      });
    }
    let result;
    try {
      await page.goto(harness);
      result = await page.evaluate(([kind, u, opts]) => window.vwPlay(kind, u, opts), [player, mediaUrl, {
        switchTo: args['switch-to'] ? Number(args['switch-to']) : null,
        seekTo: args['seek-to'] ? String(args['seek-to']).split(',').map(Number) : [],
        timeoutMs: Number(args['timeout-ms'] || 60000),
        stopAfterFirstFrame: !!args['first-frame-only'],
        defaults: !!args.defaults,
        debug: !!args.console,
        requests: !!args.requests,
      }]);
    } catch (e) {
      // the page itself failed (crashed, closed): this load failed, the next ones still run
      result = {player, url: mediaUrl, firstFrameMs: null, readyMs: null, elapsedMs: null, errors: ['harness: ' + e.message]};
    }
    result.errors.push(...consoleErrors);
    if (n < 0) {
      await context.close();
      continue;
    }
    result.load = n + 1;
    console.log(JSON.stringify(result));
    failed ||= result.firstFrameMs === null || result.errors.length > 0
        || (result.seeks || []).some(s => s.passedMs === null);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
