import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One alert of an Alertmanager webhook notification. */
export interface NotifiedAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Record<string, string>;
}

/** The webhook receiver the test serves to Alertmanager. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT/alerts` */
  readonly url: string;
  /** Every alert of every notification received so far, in arrival order. */
  alerts(): NotifiedAlert[];
  /** Whether a notification said `alertname` is in `status`. */
  received(alertname: string, status: 'firing' | 'resolved'): boolean;
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1 that records Alertmanager's webhook notifications. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const alerts: NotifiedAlert[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/alerts') {
        try {
          const payload = JSON.parse(body) as { alerts?: NotifiedAlert[] };
          for (const a of payload.alerts ?? []) alerts.push({ status: a.status, labels: a.labels });
          res.writeHead(200).end();
        } catch {
          res.writeHead(400).end();
        }
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    alerts: () => [...alerts],
    received: (alertname, status) =>
      alerts.some((a) => a.labels['alertname'] === alertname && a.status === status),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
