import type { Frame, Locator, Page } from 'playwright-core';

/** Accept buttons of the consent platforms (CMPs) news sites use most; each id or class is the vendor's own. */
export const CMP_BUTTONS: readonly { cmp: string; selector: string }[] = [
  { cmp: 'onetrust', selector: '#onetrust-accept-btn-handler' },
  { cmp: 'cookiebot', selector: '#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll, #CybotCookiebotDialogBodyButtonAccept' },
  { cmp: 'didomi', selector: '#didomi-notice-agree-button' },
  { cmp: 'quantcast', selector: '.qc-cmp2-summary-buttons button[mode="primary"]' },
  { cmp: 'usercentrics', selector: '[data-testid="uc-accept-all-button"]' },
  { cmp: 'trustarc', selector: '#truste-consent-button' },
  { cmp: 'sourcepoint', selector: 'button.sp_choice_type_11' },
  { cmp: 'cookieyes', selector: '.cky-btn-accept' },
  { cmp: 'complianz', selector: '.cmplz-accept' },
  { cmp: 'osano', selector: '.osano-cm-accept-all' },
  { cmp: 'klaro', selector: '.cm-btn-accept-all, .cm-btn-success' },
  { cmp: 'borlabs', selector: '#BorlabsCookieBox a[data-cookie-accept-all]' },
  { cmp: 'iubenda', selector: '.iubenda-cs-accept-btn' },
  { cmp: 'cookie-notice', selector: '#cn-accept-cookie' },
];

/** "Accept all" in the languages we index, most specific first; English is always tried too. */
export const ACCEPT_WORDS: Record<string, readonly string[]> = {
  en: ['accept all cookies', 'accept all', 'allow all', 'accept cookies', 'i agree', 'i accept', 'agree', 'accept', 'got it', 'ok'],
  de: ['alle akzeptieren', 'alle cookies akzeptieren', 'akzeptieren und weiter', 'akzeptieren', 'zustimmen', 'einverstanden', 'alle zulassen'],
  fr: ['tout accepter', 'accepter et continuer', 'accepter', "j'accepte", 'continuer sans refuser'],
  es: ['aceptar todo', 'aceptar todas', 'aceptar', 'acepto', 'de acuerdo'],
  it: ['accetta tutto', 'accetta tutti', 'accetta', 'accetto', 'acconsento'],
  nl: ['alles accepteren', 'alle cookies accepteren', 'accepteren', 'akkoord'],
  pt: ['aceitar tudo', 'aceitar todos', 'aceitar', 'concordo'],
  pl: ['akceptuj wszystko', 'zaakceptuj wszystkie', 'akceptuję', 'zgadzam się'],
  sv: ['godkänn alla', 'acceptera alla', 'godkänn', 'acceptera'],
  da: ['accepter alle', 'tillad alle', 'accepter'],
};

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The whole accessible name must be one of the phrases, so "Accept" never matches "Learn about accepting cookies". */
export function acceptPattern(lang: string | null): RegExp {
  const primary = (lang ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  const words = [...(ACCEPT_WORDS[primary] ?? []), ...(primary === 'en' ? [] : (ACCEPT_WORDS.en ?? []))];
  return new RegExp(`^\\s*(${words.map(escapeRe).join('|')})\\s*[.!]?\\s*$`, 'i');
}

async function clickFirstVisible(locator: Locator): Promise<boolean> {
  const count = Math.min(await locator.count(), 5);
  for (let i = 0; i < count; i++) {
    const candidate = locator.nth(i);
    if (!(await candidate.isVisible().catch(() => false))) continue;
    await candidate.click({ timeout: 2_000 });
    return true;
  }
  return false;
}

/** Where a text match counts: dialogs and boxes named for cookies or consent, so an unrelated "OK" button is never pressed. */
const DIALOGS =
  '[role="dialog"], [role="alertdialog"], [aria-modal="true"], [id*="cookie" i], [class*="cookie" i], [id*="consent" i], [class*="consent" i], [id*="gdpr" i], [class*="gdpr" i], [id*="privacy" i], [class*="privacy" i]';

async function tryFrame(frame: Frame, pattern: RegExp, scoped: boolean): Promise<string | null> {
  // One round trip finds what is there; most pages have no dialog, and each locator query is another.
  const present = await frame.evaluate(({ selectors, dialogs }) => ({ cmps: selectors.map((sel) => document.querySelector(sel) !== null), dialog: document.querySelector(dialogs) !== null }), {
    selectors: CMP_BUTTONS.map((c) => c.selector),
    dialogs: DIALOGS,
  });
  for (const [i, { cmp, selector }] of CMP_BUTTONS.entries()) {
    if (present.cmps[i] && (await clickFirstVisible(frame.locator(selector)))) return `cmp:${cmp}`;
  }
  if (scoped && !present.dialog) return null;
  const scope = scoped ? frame.locator(DIALOGS) : frame.locator(':root');
  for (const role of ['button', 'link'] as const) {
    if (await clickFirstVisible(scope.getByRole(role, { name: pattern }))) return `text:${role}`;
  }
  return null;
}

/**
 * Closes a cookie or consent dialog before the snapshot: a known CMP's accept button first (in
 * the page or one of its frames: some CMPs render in an iframe), then any visible button whose
 * whole name says "accept" in the page's language or English. Returns the strategy that worked,
 * or null when there was nothing to close. Never throws: a dialog we cannot close costs text, not the page.
 */
export async function closeConsent(page: Page): Promise<string | null> {
  try {
    const lang = await page.evaluate(() => document.documentElement.lang || null);
    const pattern = acceptPattern(lang);
    // A CMP's own iframe is all dialog; in the page itself only dialog-like boxes are searched.
    for (const frame of [page.mainFrame(), ...page.frames().filter((f) => f !== page.mainFrame())]) {
      const used = await tryFrame(frame, pattern, frame === page.mainFrame());
      if (used) return used;
    }
  } catch {
    // A page that navigates or closes meanwhile simply has no dialog to close.
  }
  return null;
}
