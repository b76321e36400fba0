// The page on a phone (390×844, Chromium): the verdict stays on screen while a policy is edited
// (the decision bar fixed at the top repeats the card's verdict and reason once the card scrolls
// away), and nothing is wider than the screen. Screenshots of the screen as a phone shows it go to
// test-artifacts/web-demo/phone-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser } from './harness.mjs';
import { PRESET_OUTCOMES, verdictText } from './expected.mjs';

const PHONE = { width: 390, height: 844 };

let browser;
let problems;
let openPage;
let shot;

before(async () => {
  browser = await startBrowser();
  ({ problems, openPage, shot } = browser);
});

after(async () => {
  await browser?.close();
});

async function openPhone() {
  const page = await openPage();
  await page.setViewportSize(PHONE);
  return page;
}

/** The element's box against the screen: whether it is wholly on it. */
const onScreen = (page, selector) => page.$eval(selector, (e) => {
  const r = e.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, whole: r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth };
});

async function waitDecision(page, scope, decision) {
  await page.waitForFunction(([s, d]) => document.querySelector(`${s} [data-role=verdict]`)?.dataset.decision === d, [scope, decision], { timeout: 5000 })
    .catch(() => {});
  assert.equal(await page.getAttribute(`${scope} [data-role=verdict]`, 'data-decision'), decision);
}

/** The verdict and reason the user reads in `scope` (the card `#current`, or the bar). */
async function expectShown(page, scope, decision, reason) {
  await waitDecision(page, scope, decision);
  assert.equal(await page.textContent(`${scope} [data-role=verdict]`), verdictText(decision));
  assert.match(await page.textContent(`${scope} [data-role=reason]`), reason);
}

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('on a 390×844 phone the verdict stays on screen while the last policy editor is edited', async () => {
  const page = await openPhone();
  await page.selectOption('#preset', 'scp-region');
  const denied = PRESET_OUTCOMES['scp-region'];
  await expectShown(page, '#current', denied.decision, denied.reason);
  // At the top the card itself is on screen, so the bar stays out of the way.
  await page.waitForFunction(() => document.body.dataset.verdictBar === 'hidden');
  assert.equal((await onScreen(page, '#current [data-role=verdict]')).whole, true);
  assert.equal(await page.isVisible('#verdict-bar'), false);
  await shot(page, 'phone-01-top', { fullPage: false });

  // Focus the last editor (SCP level 2, the region deny) and bring it on screen.
  const last = page.locator('.editor textarea').last();
  assert.equal(await last.getAttribute('data-editor'), 'scp-1');
  await last.focus();
  await last.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.body.dataset.verdictBar === 'shown', null, { timeout: 5000 });
  // The card's verdict is off screen now: the bar is what keeps the decision visible.
  assert.equal((await onScreen(page, '#current [data-role=verdict]')).whole, false);
  assert.equal(await page.isVisible('#verdict-bar'), true);
  await expectShown(page, '#verdict-bar', denied.decision, denied.reason);
  const bar = await onScreen(page, '#verdict-bar');
  assert.equal(bar.whole, true, `the bar is off screen: ${JSON.stringify(bar)}`);
  assert.equal(bar.top, 0);

  // Type into it: allow us-east-1 too. The deny's condition no longer matches, both SCP levels
  // allow through FullAWSAccess, and the developer's identity policy allows ec2:* in its own
  // account: Allowed. The bar follows each keystroke, still on screen.
  const text = await last.inputValue();
  const at = text.indexOf('"eu-central-1"') + '"eu-central-1"'.length;
  await last.evaluate((t, i) => t.setSelectionRange(i, i), at);
  await page.keyboard.type(', "us-east-1"');
  await expectShown(page, '#verdict-bar', 'Allowed', /^An identity-based policy allows ec2:RunInstances on arn:aws:ec2:us-east-1:111111111111:instance\/\*\.$/);
  await expectShown(page, '#current', 'Allowed', /^An identity-based policy allows ec2:RunInstances on arn:aws:ec2:us-east-1:111111111111:instance\/\*\.$/);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.editor), 'scp-1', 'typing kept the focus in the editor');
  assert.equal((await onScreen(page, '#verdict-bar')).whole, true);
  // The editor is not hidden under the bar: part of it shows below.
  const barBox = await onScreen(page, '#verdict-bar');
  const editorBox = await onScreen(page, '.editor[data-editor="scp-1"] textarea');
  assert.ok(editorBox.bottom > barBox.bottom && editorBox.top < PHONE.height, `editor ${JSON.stringify(editorBox)} under bar ${JSON.stringify(barBox)}`);
  assert.ok((await overflow(page)) <= 0, 'wider than the phone while editing');
  await shot(page, 'phone-02-editing-last-editor', { fullPage: false });

  // "Explanation" goes back to the card, and the bar steps aside.
  await page.click('#verdict-bar-go');
  await page.waitForFunction(() => document.body.dataset.verdictBar === 'hidden', null, { timeout: 5000 });
  assert.equal((await onScreen(page, '#current [data-role=verdict]')).whole, true);
  await shot(page, 'phone-03-explanation', { fullPage: false });
  await page.close();
  assert.deepEqual(problems, []);
});

test('on a 390×844 phone the pinned decision shows in the bar, and no preset is wider than the screen', async () => {
  const page = await openPhone();
  for (const [name, { decision, reason }] of Object.entries(PRESET_OUTCOMES)) {
    await page.selectOption('#preset', name);
    await expectShown(page, '#current', decision, reason);
    assert.ok((await overflow(page)) <= 0, `${name}: the page is ${await overflow(page)}px wider than a 390px phone`);
  }
  await page.selectOption('#preset', 'devops-mfa');
  await expectShown(page, '#current', 'Allowed', PRESET_OUTCOMES['devops-mfa'].reason);
  await page.click('#pin');
  await page.click('#ctx-mfa');
  await page.locator('.editor textarea').last().focus();
  await page.locator('.editor textarea').last().scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.body.dataset.verdictBar === 'shown', null, { timeout: 5000 });
  await expectShown(page, '#verdict-bar', 'ImplicitDeny', /^Cross-account access needs the trust policy in 222222222222 to allow the caller, and it does not\.$/);
  assert.equal(await page.textContent('#verdict-bar [data-role=bar-pinned]'), 'Pinned before: Allowed');
  assert.ok((await overflow(page)) <= 0, 'wider than the phone with a pinned decision');
  await shot(page, 'phone-04-pinned', { fullPage: false });
  await shot(page, 'phone-05-whole-page');
  await page.close();
  assert.deepEqual(problems, []);
});
