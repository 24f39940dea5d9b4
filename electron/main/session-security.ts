// Browser-level hardening for the whole app: the strict CSP on every response (the
// page carries it as a <meta> too; this covers anything loaded later), no
// permissions for anyone, and no navigation, pop-up or <webview> away from our page.
import { app, session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../host/security-headers';

export function hardenSession(isOwnPage: (url: string) => boolean): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  // Backbeat needs no camera, notifications, clipboard reads or anything else.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnPage(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwnPage(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
