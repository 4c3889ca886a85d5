import { describe, expect, it } from 'vitest';
import { allowNavigation, APP_ENTRY_URL, isAppUrl, isTrustedSender } from '../../../../electron/ipc/appUrl';

// Fed the exact strings Electron hands main: a frame's `url` on our privileged standard scheme,
// the renderer's assets, and what an attacker's page or a stray file/data URL would carry.
describe('isAppUrl', () => {
  it('Node gives app:// the opaque origin "null", which is why origins are not compared', () => {
    expect(new URL(APP_ENTRY_URL).origin).toBe('null');
    expect(new URL('file:///tmp/index.html').origin).toBe('null');
  });

  it.each([
    'app://ledgerline/index.html',
    'app://ledgerline/',
    'app://ledgerline/assets/index-3f2a1b.js',
    'app://ledgerline/index.html#/changes',
    'app://ledgerline/index.html?x=1',
  ])('accepts our own page %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
    expect(allowNavigation(url)).toBe(true);
  });

  it.each([
    'file:///opt/Ledgerline/resources/app.asar/dist/renderer/index.html',
    'data:text/html,<script>1</script>',
    'https://evil.example/index.html',
    'http://127.0.0.1:5173/index.html',
    'app://evil.example/index.html',
    'app://ledgerline.evil.example/index.html',
    'app://ledgerline:8080/index.html',
    'app://user@ledgerline/index.html',
    'app://evil@ledgerline.example/',
    'about:blank',
    'null',
    '',
    'not a url',
    'javascript:alert(1)',
    'blob:app://ledgerline/1b9d6bcd',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
    expect(allowNavigation(url)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  // Structural doubles of WebContents and WebFrameMain: identity is what the check compares.
  const frame = (url: string) => ({ url });
  const contents = (url: string) => ({ mainFrame: frame(url) });
  const mine = contents('app://ledgerline/index.html');
  const trusted = () => mine;

  it('trusts our window\'s top frame on app://ledgerline', () => {
    expect(isTrustedSender({ sender: mine, senderFrame: mine.mainFrame }, trusted)).toBe(true);
  });

  it('refuses our window once its top frame is on another URL', () => {
    for (const url of ['file:///etc/passwd', 'https://evil.example/', 'data:text/html,x']) {
      const hijacked = contents(url);
      expect(isTrustedSender({ sender: hijacked, senderFrame: hijacked.mainFrame }, () => hijacked)).toBe(false);
    }
  });

  it('refuses a subframe of our window, even one on app://ledgerline', () => {
    expect(isTrustedSender({ sender: mine, senderFrame: frame('app://ledgerline/index.html') }, trusted)).toBe(false);
    expect(isTrustedSender({ sender: mine, senderFrame: frame('https://evil.example/') }, trusted)).toBe(false);
  });

  it('refuses another webContents, even on app://ledgerline', () => {
    const other = contents('app://ledgerline/index.html');
    expect(isTrustedSender({ sender: other, senderFrame: other.mainFrame }, trusted)).toBe(false);
  });

  it('refuses when the frame is gone (navigated or destroyed) or there is no window yet', () => {
    expect(isTrustedSender({ sender: mine, senderFrame: null }, trusted)).toBe(false);
    expect(isTrustedSender({ sender: mine, senderFrame: mine.mainFrame }, () => null)).toBe(false);
  });
});
