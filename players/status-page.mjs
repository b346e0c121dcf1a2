// Watches one asset go through the vw-media status page in Debian's headless Chromium and prints what the page
// showed, as JSON lines: {"ready":true} once the page has listed the assets (submit the asset then), and one result.
//
//   node status-page.mjs --url http://localhost:8787/ --asset ID [--chromium /usr/bin/chromium] [--timeout-ms MS]
//
// While waiting it samples the asset's row every 100 ms (the statuses and the rung states it showed), then opens
// the asset's detail (#/assets/ID) by its link and waits for the embedded player to decode frames and advance.
import {chromium} from 'playwright-core';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]);
  return acc;
}, []));
if (!args.url || !args.asset) {
  console.error('usage: node status-page.mjs --url URL --asset ID [--chromium PATH] [--timeout-ms MS]');
  process.exit(2);
}
const deadline = Date.now() + Number(args['timeout-ms'] || 60000);
const terminal = ['PUBLISHED', 'DEGRADED', 'FAILED'];
const sleep = ms => new Promise(r => setTimeout(r, ms));

const browser = await chromium.launch({
  executablePath: args.chromium || '/usr/bin/chromium',
  headless: true,
  args: ['--autoplay-policy=no-user-gesture-required', '--no-sandbox', '--disable-gpu', '--mute-audio'],
});
const result = {statuses: [], rungStates: [], finalStatus: null, detail: null, video: null, errors: []};
try {
  const page = await browser.newPage();
  page.on('pageerror', e => result.errors.push('page: ' + e.message));
  await page.goto(String(args.url));
  await page.waitForFunction(() => document.querySelector('#summary').textContent !== '', null, {timeout: 20000});
  console.log(JSON.stringify({ready: true}));

  const row = `li.asset[data-asset-id="${args.asset}"]`;
  while (Date.now() < deadline) {
    const seen = await page.evaluate(sel => {
      const li = document.querySelector(sel);
      return li && {status: li.dataset.status,
        rungs: [...li.querySelectorAll('.rung')].map(r => r.dataset.rung + ':' + r.dataset.status)};
    }, row);
    if (seen) {
      if (result.statuses.at(-1) !== seen.status) result.statuses.push(seen.status);
      for (const r of seen.rungs) if (!result.rungStates.includes(r)) result.rungStates.push(r);
      if (terminal.includes(seen.status)) {
        result.finalStatus = seen.status;
        break;
      }
    }
    await sleep(100);
  }

  await page.click(`${row} a.id`);
  await page.waitForFunction(id => document.querySelector('#detail').dataset.assetId === id, String(args.asset),
      {timeout: 10000});
  result.detail = await page.evaluate(() => ({
    hash: location.hash,
    status: document.querySelector('#detail').dataset.status,
    rungs: [...document.querySelectorAll('#rung-table tbody tr')].map(tr => ({name: tr.dataset.rung, status: tr.dataset.status})),
    manifestLinks: [...document.querySelectorAll('#manifests a')].map(a => a.href),
  }));
  // the player: frames decoded and the clock moving
  while (Date.now() < deadline) {
    result.video = await page.evaluate(() => {
      const v = document.querySelector('#player');
      return {hidden: v.hidden, currentTime: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames,
        width: v.videoWidth, height: v.videoHeight, src: v.currentSrc, error: v.error && v.error.message};
    });
    if (result.video.currentTime > 1 && result.video.frames > 0) break;
    await sleep(200);
  }
} catch (e) {
  result.errors.push(String(e && e.stack || e));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
